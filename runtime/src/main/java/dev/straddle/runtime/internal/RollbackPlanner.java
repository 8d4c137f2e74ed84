package dev.straddle.runtime.internal;

import dev.straddle.plan.Irreversible;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Planner}'s part for {@code rollback} (docs/ARCHITECTURE.md, "Rollback: the runner"):
 * which migrations it undoes, in which order, or why it refuses before anything changes. The {@link
 * Rollbacker} runs its steps and {@code plan --rollback} prints them.
 */
final class RollbackPlanner {

  private final MigrationPlan plan;
  private final Settings settings;
  private final Registry registry;
  private final Map<Integer, PlannedMigration> known;

  RollbackPlanner(
      MigrationPlan plan,
      Settings settings,
      Registry registry,
      Map<Integer, PlannedMigration> known) {
    this.plan = plan;
    this.settings = settings;
    this.registry = registry;
    this.known = known;
  }

  /**
   * {@code rollback --to to}: every migration above {@code to} that is expanded or backfilled,
   * highest first. Refused before anything changes when one of them is contracted, unknown to this
   * build, applied with another declaration than this build's, or marked irreversible by the
   * processor ({@link Irreversible}); when the history does not match this build otherwise; and,
   * unless {@code force}, while a live registered instance has a head at or above one of them (its
   * code needs it).
   */
  Planner.Plan plan(Connection connection, TreeMap<Integer, HistoryRow> rows, int to, boolean force)
      throws SQLException {
    List<HistoryRow> undone = new ArrayList<>(rows.tailMap(to, false).descendingMap().values());
    for (HistoryRow row : undone) {
      String name = "migration " + row.id() + " (" + row.description() + ")";
      if (row.phase() == Phase.CONTRACTED) {
        return Planner.refused(
            StraddleException.in(
                row.id(),
                Transition.ROLLBACK,
                ErrorCode.ROLLBACK_CONTRACTED,
                name
                    + " is contracted: its contract dropped what the release before it used, so"
                    + " it cannot be rolled back. Declare a new migration that brings back what"
                    + " is needed"
                    + (undone.get(0).id() > row.id()
                        ? " (or roll back only the migrations above it: --to " + row.id() + ")"
                        : "")),
            rows);
      }
      PlannedMigration m = known.get(row.id());
      String refusal = null;
      if (m == null) {
        refusal =
            name
                + " is "
                + row.phase().stored()
                + " but this build (head "
                + plan.head()
                + ") does not declare it, so it does not know how to undo it: roll it back with"
                + " the build that declares it";
      } else if (!m.checksum().equals(row.checksum())) {
        refusal =
            name
                + " was applied with another declaration than this build's (checksum in the"
                + " database "
                + row.checksum()
                + ", in this build "
                + m.checksum()
                + "): this build's rollback undoes its own declaration, not the one applied. Roll"
                + " it back with the build that applied it; the corrected build then expands it"
                + " again";
      } else if (Irreversible.reason(m).isPresent()) {
        refusal =
            name
                + " cannot be rolled back: "
                + Irreversible.reason(m).get()
                + ". Undo it by hand, or declare a new migration that reverses it";
      }
      if (refusal != null) {
        return Planner.refused(
            StraddleException.in(
                row.id(), Transition.ROLLBACK, ErrorCode.ROLLBACK_UNSUPPORTED, refusal),
            rows);
      }
    }
    if (undone.isEmpty()) {
      return new Planner.Plan(null, List.of(), rows);
    }
    List<Problem> problems =
        ProcedureGuard.problems(connection, settings.historySchema(), plan, rows);
    if (!problems.isEmpty()) {
      return Planner.refused(
          StraddleException.of(ErrorCode.HISTORY_MISMATCH, ErrorCode.list(problems)), rows);
    }
    List<Instance> live = registry.live(connection);
    List<Planner.Step> steps = new ArrayList<>();
    for (HistoryRow row : undone) {
      List<Instance> needers = needing(live, row.id());
      if (!needers.isEmpty() && !force) {
        return Planner.refused(
            StraddleException.in(
                row.id(),
                Transition.ROLLBACK,
                ErrorCode.ROLLBACK_NEEDED,
                Rollbacker.refusal(row, needers)),
            rows);
      }
      PlannedMigration m = known.get(row.id());
      steps.add(new Planner.RollbackStep(row, m, PhaseStatements.of(m.rollback()), needers, force));
    }
    return new Planner.Plan(null, steps, rows);
  }

  /** The live instances whose code needs migration {@code migrationId}: head at or above it. */
  static List<Instance> needing(List<Instance> live, int migrationId) {
    return live.stream().filter(i -> i.head() >= migrationId).toList();
  }
}
