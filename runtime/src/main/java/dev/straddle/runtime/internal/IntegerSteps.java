package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Batches of a single-column integer primary key by key arithmetic: {@code (from, from + span]},
 * with no probe for the batch's upper key. The probe reads the batch's index entries (and, where
 * the visibility map is not set, its heap rows) a second time; it cost the backfill about a tenth
 * of its rate (BENCHMARKS.md, figure 1). The span adapts to the batch target like the row count
 * does, and grows across gaps in the keys. Rows with keys above the maximum read at the start were
 * written after expand, through the sync trigger, and need no backfill.
 */
final class IntegerSteps {
  private static final Set<String> TYPES = Set.of("smallint", "integer", "bigint");

  private final long min;
  private final long max;

  private IntegerSteps(long min, long max) {
    this.min = min;
    this.max = max;
  }

  /** Steps for {@code key} if it is one integer column, else {@code null} (probe instead). */
  static IntegerSteps of(Connection connection, TableName table, List<Catalog.KeyColumn> key)
      throws SQLException {
    if (key.size() != 1 || !TYPES.contains(key.get(0).type())) {
      return null;
    }
    String column = Identifiers.quote(key.get(0).name());
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT min(" + column + "), max(" + column + ") FROM " + table.sql());
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      long min = rs.getLong(1);
      if (rs.wasNull()) {
        return new IntegerSteps(0, -1);
      }
      return new IntegerSteps(min, rs.getLong(2));
    }
  }

  /** The lower bound of the first batch: just below the smallest key. */
  List<String> start() {
    return min == Long.MIN_VALUE ? List.of() : List.of(Long.toString(min - 1));
  }

  /** The batch's upper key, or {@code null} for the last batch (no upper bound). */
  List<String> upper(List<String> after, long span) {
    if (max < min) {
      return null;
    }
    long from;
    if (!after.isEmpty()) {
      from = Long.parseLong(after.get(0));
    } else {
      from = min == Long.MIN_VALUE ? min : min - 1;
    }
    long left;
    try {
      left = Math.subtractExact(max, from);
    } catch (ArithmeticException e) {
      left = Long.MAX_VALUE;
    }
    return left <= span ? null : List.of(Long.toString(from + span));
  }

  /**
   * The next span: scaled by the time factor, down when the batch updated more rows than the bound
   * allows, and never below the smallest batch (a key holds at most one row, so a span of {@code
   * minRows} holds at most that many rows).
   */
  long nextSpan(long span, long updated, double factor, int minRows, int maxRows) {
    double next = span * factor;
    if (updated > 0) {
      next = Math.min(next, (double) span * maxRows / updated);
    }
    return (long) Math.max(minRows, Math.min(Long.MAX_VALUE / 4, next));
  }
}
