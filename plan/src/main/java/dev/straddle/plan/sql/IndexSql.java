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
    return "CREATE "
        + (unique ? "UNIQUE " : "")
        + "INDEX CONCURRENTLY IF NOT EXISTS "
        + Identifiers.quote(name)
        + " ON "
        + table.sql()
        + " ("
        + columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
        + ")"
        + (where.isEmpty() ? "" : " WHERE (" + where + ")");
  }

  /** Drops the index (in the table's schema) without blocking writes. */
  public static String drop(TableName table, String name) {
    return "DROP INDEX CONCURRENTLY IF EXISTS " + table.qualify(name);
  }
}
