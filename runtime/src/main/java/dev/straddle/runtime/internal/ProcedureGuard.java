package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.ProcedureVersion;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Problem;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Refuses an applied procedure version whose declaration changed. Such a change also changes its
 * migration's checksum; the procedure's message replaces the migration's, since it says what to do
 * (declare a new version).
 */
public final class ProcedureGuard {

  private ProcedureGuard() {}

  /** Procedure problems first, then {@link HistoryGuard}'s (without the ones they explain). */
  public static List<Problem> problems(
      Connection connection,
      String historySchema,
      MigrationPlan plan,
      SortedMap<Integer, HistoryRow> rows)
      throws SQLException {
    List<Problem> out = new ArrayList<>();
    Set<Integer> explained = new LinkedHashSet<>();
    if (!plan.procedures().isEmpty()) {
      Map<String, ProcedureHistory.Row> recorded =
          new ProcedureHistory(historySchema).read(connection);
      for (ProcedureVersion p : plan.procedures()) {
        ProcedureHistory.Row row = recorded.get(ProcedureHistory.key(p.name(), p.version()));
        if (row != null && !row.checksum().equals(p.checksum())) {
          out.add(new Problem(ErrorCode.PROCEDURE_CHANGED, changed(plan, p, row)));
          explained.add(p.migration());
        }
      }
    }
    out.addAll(HistoryGuard.problems(plan, rows, explained));
    return out;
  }

  private static String changed(MigrationPlan plan, ProcedureVersion p, ProcedureHistory.Row row) {
    int next =
        plan.procedures().stream()
                .filter(o -> o.name().equals(p.name()))
                .mapToInt(ProcedureVersion::version)
                .max()
                .orElse(p.version())
            + 1;
    return "procedure "
        + p.name()
        + " version "
        + p.version()
        + " ("
        + p.qualifiedName()
        + ", migration "
        + p.migration()
        + ") was changed after it was applied: checksum in the database "
        + row.checksum()
        + ", in this build "
        + p.checksum()
        + ". An applied version is immutable (running code calls it): restore its declaration"
        + " and declare the change as version "
        + next
        + " in a new migration; its expand creates "
        + p.name()
        + "_v"
        + next
        + " beside the old one and its contract drops the version it supersedes";
  }
}
