package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reasons to refuse a run before changing anything: an applied migration whose checksum differs
 * from the plan's, a migration this build does not know that is contracted (this build is too old)
 * or whose id falls below its head, a pending migration older than one already applied. A newer
 * build's migration that is only expanded or backfilled is no reason: the database is still inside
 * this build's compatibility window, as when an application is rolled back to this build.
 */
public final class HistoryGuard {

  private HistoryGuard() {}

  public static Map<Integer, PlannedMigration> byId(MigrationPlan plan) {
    TreeMap<Integer, PlannedMigration> out = new TreeMap<>();
    plan.migrations().forEach(m -> out.put(m.id(), m));
    return out;
  }

  public static List<Problem> problems(MigrationPlan plan, SortedMap<Integer, HistoryRow> rows) {
    return problems(plan, rows, Set.of());
  }

  /**
   * As {@link #problems(MigrationPlan, SortedMap)}, without the checksum problem of the migrations
   * in {@code explained} (a more precise problem was already reported for them).
   */
  public static List<Problem> problems(
      MigrationPlan plan, SortedMap<Integer, HistoryRow> rows, Set<Integer> explained) {
    Map<Integer, PlannedMigration> known = byId(plan);
    List<Problem> out = new ArrayList<>();
    for (HistoryRow row : rows.values()) {
      PlannedMigration m = known.get(row.id());
      if (m == null) {
        if (row.id() <= plan.head()) {
          out.add(
              new Problem(
                  ErrorCode.UNKNOWN_MIGRATION,
                  "migration "
                      + row.id()
                      + " ("
                      + row.description()
                      + ") is "
                      + row.phase().stored()
                      + " in the database but missing from this build although its id is below this"
                      + " build's head "
                      + plan.head()));
        } else if (row.phase() == Phase.CONTRACTED) {
          out.add(
              new Problem(
                  ErrorCode.UNKNOWN_MIGRATION,
                  "migration "
                      + row.id()
                      + " ("
                      + row.description()
                      + ") is contracted in the database but unknown to this build (head "
                      + plan.head()
                      + "): this build is too old for the database (code with head "
                      + plan.head()
                      + " breaks once a later migration is contracted); a newer build went further,"
                      + " run that build's Straddle instead"));
        }
        // Expanded or backfilled above the head: a newer build's migration, still inside this
        // build's compatibility window (an application rolled back to this build runs on it).
        // This build leaves it alone: it never contracts above its head, and backfills only
        // what it declares.
      } else if (!m.checksum().equals(row.checksum()) && !explained.contains(row.id())) {
        out.add(
            new Problem(
                ErrorCode.CHECKSUM_MISMATCH,
                "migration "
                    + row.id()
                    + " ("
                    + m.description()
                    + ") was changed after it was applied: checksum in the database "
                    + row.checksum()
                    + ", in this build "
                    + m.checksum()
                    + ". Applied migrations are immutable: restore it and declare the change as a"
                    + " new migration (procedures: a new version)"));
      }
    }
    int maxApplied = rows.isEmpty() ? 0 : rows.lastKey();
    for (PlannedMigration m : plan.migrations()) {
      if (!rows.containsKey(m.id()) && m.id() < maxApplied) {
        out.add(
            new Problem(
                ErrorCode.OUT_OF_ORDER,
                "migration "
                    + m.id()
                    + " ("
                    + m.description()
                    + ") is pending but migration "
                    + maxApplied
                    + " is already applied: migrations apply in id order; give it an id above "
                    + maxApplied));
      }
    }
    return out;
  }
}
