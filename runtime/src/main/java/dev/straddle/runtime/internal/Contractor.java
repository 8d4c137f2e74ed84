package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contracts the migrations the {@link Planner} chose, under the contract guard checked again in
 * each contract's transaction: a live registered instance with a head below a migration keeps it
 * (automatic mode) or refuses the run, unless forced (which the history records).
 */
final class Contractor {

  private static final Logger LOG = LoggerFactory.getLogger(Contractor.class);

  private final Settings settings;
  private final History history;
  private final Registry registry;
  private final ProcedureHistory procedures;
  private final MigrationPlan plan;

  Contractor(
      Settings settings,
      History history,
      Registry registry,
      ProcedureHistory procedures,
      MigrationPlan plan) {
    this.settings = settings;
    this.history = history;
    this.registry = registry;
    this.procedures = procedures;
    this.plan = plan;
  }

  static String refusal(HistoryRow row, List<Instance> needers, boolean afterOthers) {
    StringBuilder out =
        InstanceGuard.listing(
            row,
            "is still used by live instances of older code (head below " + row.id() + ")",
            needers);
    out.append(
        "\ncontract refused: wait until they stop (or expire after their last heartbeat), or"
            + " override with --force (API: ContractPolicy.FORCE), which is recorded in the history");
    if (afterOthers) {
      out.append(". Migrations before it were contracted in this run");
    }
    return out.toString();
  }

  /**
   * Contracts one planned migration under the contract guard, checked again in its transaction
   * (registrations wait until it commits). Returns false when a live older instance registered
   * since the plan and {@code step.automatic()}: the migration is kept, and so are the later ones.
   * Without {@code automatic} such an instance refuses the run, unless {@code step.force()}. {@code
   * contractedAny}: an earlier contract of this run committed (the refusal says so).
   */
  boolean contract(
      Connection connection, Planner.ContractStep step, RunStats stats, boolean contractedAny) {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    HistoryRow row = step.row();
    PlannedMigration m = step.migration();
    long start = System.nanoTime();
    List<Instance> forced = new ArrayList<>();
    LOG.info("migration {}: contract ({})", m.id(), m.description());
    List<Instance> early = beforeConcurrentDrops(executor, step);
    if (!early.isEmpty()) {
      if (step.automatic()) {
        keep(row, early, stats);
        return false;
      }
      throw StraddleException.in(
          row.id(),
          Transition.CONTRACT,
          ErrorCode.CONTRACT_NEEDED,
          refusal(row, early, contractedAny));
    }
    try {
      executor.run(
          m.id(),
          Transition.CONTRACT,
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
                      "contract",
                      m.id(),
                      live -> Planner.needing(live, m.id()),
                      step.force(),
                      forced);
              for (String sql : SyncComposer.widenings(tx.connection())) {
                tx.execute(sql);
              }
            }

            @Override
            public void after(PhaseExecutor.Tx tx) throws SQLException {
              tx.describe("record migration " + m.id() + " contracted in " + history.table());
              history.markContracted(
                  tx.connection(),
                  m.id(),
                  (System.nanoTime() - start) / 1_000_000,
                  forcedOver,
                  !step.statements().after().isEmpty());
              procedures.recordDropped(tx, plan, m);
              for (String table : SyncComposer.tablesOf(row.fragments())) {
                for (String sql : composer.rebuild(tx.connection(), table)) {
                  tx.execute(sql);
                }
                // What stays in flight must still run once this contract dropped its columns.
                tx.describe("evaluate the sync fragments on " + table + " against the live table");
                composer.requireRunnable(tx.connection(), table, m.id(), Transition.CONTRACT);
              }
            }
          });
    } catch (InstanceGuard.Needed needed) {
      // An older instance registered (or came back) after the plan was made.
      if (step.automatic()) {
        keep(row, needed.instances, stats);
        return false;
      }
      throw StraddleException.in(
          row.id(),
          Transition.CONTRACT,
          ErrorCode.CONTRACT_NEEDED,
          refusal(row, needed.instances, contractedAny));
    }
    if (!step.statements().after().isEmpty()) {
      markFinished(connection, m.id());
    }
    stats.steps.add(new RunResult.Step(m.id(), RunResult.Step.Kind.CONTRACTED, 0, forced));
    LOG.info("migration {}: contracted", m.id());
    return true;
  }

  /**
   * The live older instances that need the migration, read right before a contract whose statements
   * outside the transaction drop an index ({@code DROP INDEX CONCURRENTLY}, which runs before the
   * guard in the transaction and cannot be undone by its refusal): empty when there are none, no
   * such statement, or the contract is forced (docs/ARCHITECTURE.md, "Indexes").
   */
  private List<Instance> beforeConcurrentDrops(PhaseExecutor executor, Planner.ContractStep step) {
    if (step.force() || !dropsConcurrently(step)) {
      return List.of();
    }
    int id = step.migration().id();
    return executor.inTransaction(
        id,
        Transition.CONTRACT,
        tx -> {
          tx.describe("contract guard: live instances in " + registry.table());
          return Planner.needing(registry.live(tx.connection()), id);
        });
  }

  /** Whether {@code step}'s statements outside its transaction drop an index concurrently. */
  static boolean dropsConcurrently(Planner.ContractStep step) {
    return step.statements().outside().stream().anyMatch(s -> s.startsWith("DROP INDEX"));
  }

  /**
   * Runs the statements after the contract transaction of {@code step}'s migration that an earlier
   * run left owed (it stopped between the commit and their end), then records them done.
   */
  void finish(Connection connection, Planner.FinishContract step, RunStats stats) {
    PlannedMigration m = step.migration();
    LOG.info(
        "migration {}: finishing its contract (an earlier run stopped after its transaction)",
        m.id());
    new PhaseExecutor(connection, settings, stats)
        .after(m.id(), Transition.CONTRACT, step.statements());
    markFinished(connection, m.id());
    stats.steps.add(new RunResult.Step(m.id(), RunResult.Step.Kind.CONTRACT_FINISHED));
  }

  private void markFinished(Connection connection, int id) {
    try {
      connection.setAutoCommit(true);
      history.markContractFinished(connection, id);
    } catch (SQLException e) {
      if (RunLock.lost(e, connection)) {
        throw RunLock.lostError(e, id, Transition.CONTRACT, null);
      }
      throw StraddleException.at(
          id,
          Transition.CONTRACT,
          "record migration " + id + " finished in " + history.table(),
          e,
          ErrorCode.STATEMENT_FAILED,
          e.getSQLState(),
          e.getMessage(),
          "");
    }
  }

  static void keep(HistoryRow row, List<Instance> needers, RunStats stats) {
    LOG.info(
        "migration {}: not contracted, live instances of older code still use it: {}",
        row.id(),
        needers.stream().map(Instance::describe).collect(Collectors.joining("; ")));
    stats.steps.add(new RunResult.Step(row.id(), RunResult.Step.Kind.KEPT, 0, needers));
  }
}
