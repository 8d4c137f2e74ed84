package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
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
 * Expands one pending migration: drift check, non-transactional statements, then one transaction
 * with the DDL, the writers' drain, the history row (and its backfill cutoff), the procedure
 * versions and the sync-trigger rebuild.
 */
final class Expander {

  private static final Logger LOG = LoggerFactory.getLogger(Expander.class);

  private final MigrationPlan plan;
  private final Settings settings;
  private final History history;
  private final ProcedureHistory procedures;

  Expander(MigrationPlan plan, Settings settings, History history, ProcedureHistory procedures) {
    this.plan = plan;
    this.settings = settings;
    this.history = history;
    this.procedures = procedures;
  }

  /** Expands one planned migration (the runner expands a plan's steps in their order). */
  void expand(Connection connection, Planner.ExpandStep step, RunStats stats) throws SQLException {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    PlannedMigration m = step.migration();
    stats.at(m.id(), Transition.EXPAND);
    List<String> drift =
        new ArrayList<>(
            new DriftCheck(connection)
                .problems(
                    m.expectations(),
                    DriftCheck.uncontracted(plan.migrations(), history.read(connection))));
    drift.addAll(ProcedureHistory.existing(connection, plan, m));
    drift.addAll(
        TableRenames.problems(
            m,
            DriftCheck.uncontracted(plan.migrations(), history.read(connection)),
            "expanded, not contracted"));
    if (!drift.isEmpty()) {
      throw StraddleException.in(m.id(), Transition.EXPAND, ErrorCode.DRIFT, ErrorCode.list(drift));
    }
    long start = System.nanoTime();
    boolean needsBackfill = m.needsBackfill();
    LOG.info("migration {}: expand ({})", m.id(), m.description());
    RewriteGuard[] rewrites = new RewriteGuard[1];
    executor.run(
        m.id(),
        Transition.EXPAND,
        step.statements(),
        new PhaseExecutor.PhaseWork() {
          @Override
          public void before(PhaseExecutor.Tx tx) throws SQLException {
            for (String sql : SyncComposer.widenings(tx.connection())) {
              tx.execute(sql);
            }
            rewrites[0] = RewriteGuard.before(tx.connection(), m);
          }

          @Override
          public void afterEach(PhaseExecutor.Tx tx, String sql) throws SQLException {
            rewrites[0].check(tx.connection(), m, sql);
          }

          @Override
          public void after(PhaseExecutor.Tx tx) throws SQLException {
            // Writers that wrote without the new trigger must be finished before the history
            // row takes its backfill cutoff snapshot.
            Catalog catalog = new Catalog(tx.connection());
            for (String table : SyncComposer.tablesOf(m.fragments())) {
              TableName name = TableName.parse(table);
              if (catalog.tableExists(name)) {
                tx.execute(SyncComposer.lockForWriters(name));
              }
            }
            tx.describe("record migration " + m.id() + " in " + history.table());
            history.insertExpanded(
                tx.connection(), m, needsBackfill, (System.nanoTime() - start) / 1_000_000);
            procedures.recordCreated(tx, plan, m);
            for (String table : SyncComposer.tablesOf(m.fragments())) {
              for (String sql : composer.rebuild(tx.connection(), table)) {
                tx.execute(sql);
              }
              tx.describe("evaluate the sync fragments on " + table + " against the live table");
              composer.requireRunnable(tx.connection(), table, m.id(), Transition.EXPAND);
            }
          }
        });
    stats.steps.add(
        new RunResult.Step(
            m.id(),
            needsBackfill
                ? RunResult.Step.Kind.EXPANDED
                : RunResult.Step.Kind.EXPANDED_BACKFILLED));
    LOG.info("migration {}: expanded", m.id());
  }
}
