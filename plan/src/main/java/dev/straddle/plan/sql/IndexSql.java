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

  /** Drops the index (in the table's schema) without blocking writes. */
  public static String drop(TableName table, String name) {
    return "DROP INDEX CONCURRENTLY IF EXISTS " + table.qualify(name);
  }

  /** Renames the index (in the table's schema); no {@code IF EXISTS}: a missing one fails. */
  public static String rename(TableName table, String from, String to) {
    return "ALTER INDEX " + table.qualify(from) + " RENAME TO " + Identifiers.quote(to);
  }
}
