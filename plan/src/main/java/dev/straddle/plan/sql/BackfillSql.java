package dev.straddle.plan.sql;

import dev.straddle.plan.SyncFragment;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The UPDATE statements of a backfill batch (see docs/ARCHITECTURE.md, "Backfill"). The runner
 * appends the batch's key range and the "older than expand" condition as {@code where}; the
 * reviewable backfill.sql shows the statement without them.
 */
public final class BackfillSql {

  private BackfillSql() {}

  /**
   * Fast path: the batch computes the migration's UP expressions itself (its session runs with
   * {@code straddle.head = -1}, so the sync trigger leaves the row alone). The expressions are used
   * as written: in an UPDATE, bare names are the table's columns.
   *
   * @param where condition without the {@code WHERE} keyword, or empty for every row
   */
  public static String computeUp(TableName table, List<SyncFragment> ups, String where) {
    String assignments =
        ups.stream()
            .map(f -> Identifiers.quote(f.column()) + " = (" + f.expression() + ")")
            .collect(Collectors.joining(",\n    "));
    return "UPDATE " + table.sql() + "\nSET " + assignments + whereClause(where);
  }

  /**
   * General path: the batch rewrites each row unchanged, as a writer with {@code straddle.head = id
   * - 1}, so the sync trigger computes every in-flight fragment as it would for old code.
   */
  public static String touchRows(TableName table, String keyColumn, String where) {
    String key = Identifiers.quote(keyColumn);
    return "UPDATE " + table.sql() + "\nSET " + key + " = " + key + whereClause(where);
  }

  private static String whereClause(String where) {
    return where.isEmpty() ? "" : "\nWHERE " + where;
  }
}
