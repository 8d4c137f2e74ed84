package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls back the migrations the {@link Planner} chose (docs/ARCHITECTURE.md, "Rollback"), one at a
 * time, highest first: the plan's rollback statements outside a transaction (idempotent), then one
 * transaction under the lock timeout, retried whole, with the rollback guard checked again, the
 * plan's rollback statements, the history's record, the procedure versions' records removed and the
 * sync triggers of the migration's tables composed again from the migrations still in flight. A run
 * stopped anywhere leaves the migration in flight (its transaction did not commit): the next run
 * does it again.
 */
final class Rollbacker {

  private static final Logger LOG = LoggerFactory.getLogger(Rollbacker.class);

  private final Settings settings;
  private final History history;
  private final Registry registry;
  private final ProcedureHistory procedures;

  Rollbacker(Settings settings, History history, Registry registry, ProcedureHistory procedures) {
    this.settings = settings;
    this.history = history;
    this.registry = registry;
    this.procedures = procedures;
  }

  /** The rollback guard's refusal: the live instances whose head needs {@code row}. */
  static String refusal(HistoryRow row, List<Instance> needers) {
    StringBuilder out =
        InstanceGuard.listing(
            row,
            "is used by live instances whose code needs it (head " + row.id() + " or above)",
            needers);
    out.append(
        "\nrollback refused: stop them (roll the application back to a release whose head is"
            + " below "
            + row.id()
            + ") and wait until they are gone (or expire after their last heartbeat), or override"
            + " with --force (API: RollbackPolicy.FORCE), which is recorded in the history");
    return out.toString();
  }

  /** Rolls back one planned migration; throws (REFUSED) when the guard, checked again, keeps it. */
  void rollback(Connection connection, Planner.RollbackStep step, RunStats stats) {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    HistoryRow row = step.row();
    PlannedMigration m = step.migration();
    List<Instance> forced = new ArrayList<>();
    LOG.info("migration {}: rollback ({})", m.id(), m.description());
    if (!step.force() && !step.statements().outside().isEmpty()) {
      // The statements outside the transaction run before its guard and are not undone by its
      // refusal: check right before them too.
      List<Instance> early =
          executor.inTransaction(
              m.id(),
              Transition.ROLLBACK,
              tx -> {
                tx.describe("rollback guard: live instances in " + registry.table());
                return RollbackPlanner.needing(registry.live(tx.connection()), m.id());
              });
      if (!early.isEmpty()) {
        throw StraddleException.in(
            m.id(), Transition.ROLLBACK, ErrorCode.ROLLBACK_NEEDED, refusal(row, early));
      }
    }
    try {
      executor.run(
          m.id(),
          Transition.ROLLBACK,
          step.statements(),
          new PhaseExecutor.PhaseWork() {
            String forcedOver;

            @Override
            public void before(PhaseExecutor.Tx tx) throws SQLException {
              forced.clear();
              forcedOver =
                  InstanceGuard.check(
                      tx,
                      registry,
                      "rollback",
                      m.id(),
                      live -> RollbackPlanner.needing(live, m.id()),
                      step.force(),
                      forced);
              for (String sql : SyncComposer.widenings(tx.connection())) {
                tx.execute(sql);
              }
            }

            @Override
            public void after(PhaseExecutor.Tx tx) throws SQLException {
              tx.describe("record migration " + m.id() + " rolled back in " + history.table());
              history.markRolledBack(tx.connection(), m.id(), forcedOver);
              procedures.recordRolledBack(tx, m.id());
              for (String table : SyncComposer.tablesOf(row.fragments())) {
                for (String sql : composer.rebuild(tx.connection(), table)) {
                  tx.execute(sql);
                }
                // What stays in flight must still run without what this rollback dropped.
                tx.describe("evaluate the sync fragments on " + table + " against the live table");
                composer.requireRunnable(tx.connection(), table, m.id(), Transition.ROLLBACK);
              }
              tx.done();
            }
          });
    } catch (InstanceGuard.Needed needed) {
      throw StraddleException.in(
          row.id(), Transition.ROLLBACK, ErrorCode.ROLLBACK_NEEDED, refusal(row, needed.instances));
    }
    stats.steps.add(new RunResult.Step(m.id(), RunResult.Step.Kind.ROLLED_BACK, 0, forced));
    LOG.info("migration {}: rolled back", m.id());
  }
}
