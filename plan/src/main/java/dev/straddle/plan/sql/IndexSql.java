package dev.straddle.plan.sql;

import java.util.List;
import java.util.stream.Collectors;

/** Concurrent index builds, and the drop of an INVALID leftover of a failed one. */
public final class IndexSql {

  private IndexSql() {}

  /**
   * {@code CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS "name" ON table ("a", "b") [WHERE
   * (predicate)]}. The predicate is the user's SQL, used as written.
   */
  public static String create(
      TableName table, String name, List<String> columns, boolean unique, String where) {
    return create(
        table,
        name,
        unique,
        "btree",
        columns.stream().map(Identifiers::quote).toList(),
        List.of(),
        List.of(),
        where);
  }

  /**
   * {@code CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS "name" ON table [USING method] (key)
   * [INCLUDE (...)] [WITH (...)] [WHERE (predicate)]}; {@code USING} only for another method than
   * btree.
   *
   * @param key the key elements as SQL: a quoted column or a parenthesized expression, each maybe
   *     followed by its operator class
   * @param include the included columns (quoted here)
   * @param with storage parameters, each {@code name = value}
   */
  public static String create(
      TableName table,
      String name,
      boolean unique,
      String method,
      List<String> key,
      List<String> include,
      List<String> with,
      String where) {
    return "CREATE "
        + (unique ? "UNIQUE " : "")
        + "INDEX CONCURRENTLY IF NOT EXISTS "
        + Identifiers.quote(name)
        + " ON "
        + table.sql()
        + (method.equals("btree") ? "" : " USING " + method)
        + " ("
        + String.join(", ", key)
        + ")"
        + (include.isEmpty()
            ? ""
            : " INCLUDE ("
                + include.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
                + ")")
        + (with.isEmpty() ? "" : " WITH (" + String.join(", ", with) + ")")
        + (where.isEmpty() ? "" : " WHERE (" + where + ")");
  }

  private static final String CONCURRENTLY = "INDEX CONCURRENTLY IF NOT EXISTS ";

  /**
   * The parent's index of a partitioned table: the declared build ({@code CREATE [UNIQUE] INDEX
   * CONCURRENTLY IF NOT EXISTS <name> ON <table> <definition>}) as {@code CREATE [UNIQUE] INDEX IF
   * NOT EXISTS <name> ON ONLY <table> <definition>}, a catalog change that builds nothing and stays
   * INVALID until every partition has its index attached (docs/ARCHITECTURE.md, "Partitioned
   * tables"). Null when {@code build} is not of that form.
   */
  public static String onOnly(String build, TableName table) {
    String[] parts = split(build, table);
    return parts == null
        ? null
        : parts[0] + "INDEX IF NOT EXISTS " + parts[1] + " ON ONLY " + table.sql() + parts[2];
  }

  /**
   * The declared build on one partition of {@code table}: {@code CREATE [UNIQUE] INDEX CONCURRENTLY
   * IF NOT EXISTS <index> ON <partition> <definition>}. Null when {@code build} is not of the form
   * {@link #onOnly} reads.
   */
  public static String onPartition(
      String build, TableName table, TableName partition, String index) {
    String[] parts = split(build, table);
    return parts == null
        ? null
        : parts[0] + CONCURRENTLY + Identifiers.quote(index) + " ON " + partition.sql() + parts[2];
  }

  /**
   * Attaches a partition's index to its parent's ({@code ALTER INDEX ... ATTACH PARTITION}, a
   * catalog change); the parent's becomes valid with the last partition's.
   */
  public static String attach(TableName table, String index, TableName partition, String child) {
    return "ALTER INDEX " + table.qualify(index) + " ATTACH PARTITION " + partition.qualify(child);
  }

  /**
   * The name Straddle gives the index of one partition: {@code <index>_<partition>}, fitted to 63
   * bytes.
   */
  public static String partitionIndexName(String index, String partition) {
    return Identifiers.fit(index + "_" + partition);
  }

  /** {@code CREATE [UNIQUE] }, the quoted name, and what follows {@code ON <table>}; or null. */
  private static String[] split(String build, TableName table) {
    int at = build.indexOf(CONCURRENTLY);
    String on = " ON " + table.sql() + " ";
    int onAt = at < 0 ? -1 : build.indexOf(on, at);
    if (at < 0 || onAt < 0) {
      return null;
    }
    return new String[] {
      build.substring(0, at),
      build.substring(at + CONCURRENTLY.length(), onAt),
      build.substring(onAt + on.length() - 1)
    };
  }

  /** Drops the index (in the table's schema) without blocking writes. */
  public static String drop(TableName table, String name) {
    return "DROP INDEX CONCURRENTLY IF EXISTS " + table.qualify(name);
  }

  /** Renames the index (in the table's schema); no {@code IF EXISTS}: a missing one fails. */
  public static String rename(TableName table, String from, String to) {
    return "ALTER INDEX " + table.qualify(from) + " RENAME TO " + Identifiers.quote(to);
  }
}
