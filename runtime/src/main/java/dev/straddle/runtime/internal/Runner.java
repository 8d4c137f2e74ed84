package dev.straddle.runtime.internal;

import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.SqlStatement;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changing commands (expand, backfill, contract, migrate). Each runs under the run lock, on a
 * work connection of its own, and re-reads the history once it holds the lock, so two runners never
 * apply anything twice.
 */
public final class Runner {

  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private final MigrationPlan plan;
  private final DataSource dataSource;
  private final Settings settings;
  private final History history;
  private final ProcedureHistory procedures;
  private final Map<Integer, PlannedMigration> known;

  public Runner(MigrationPlan plan, DataSource dataSource, Settings settings) {
    this.plan = plan;
    this.dataSource = dataSource;
    this.settings = settings;
    this.history = new History(settings.historySchema());
    this.procedures = new ProcedureHistory(settings.historySchema());
    this.known = HistoryGuard.byId(plan);
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection, TreeMap<Integer, HistoryRow> rows, RunStats stats)
        throws SQLException;
  }

  public RunResult expand(boolean backfill) {
    return locked(
        "expand",
        (connection, rows, stats) -> {
          expandPending(connection, rows, stats);
          if (backfill) {
            backfillExpanded(connection, stats);
          }
        });
  }

  public RunResult backfill() {
    return locked("backfill", (connection, rows, stats) -> backfillExpanded(connection, stats));
  }

  public RunResult contract(int upTo, boolean previousReleaseGone) {
    requireGone(previousReleaseGone);
    // This build can only contract what it declares: never beyond its head.
    int limit = Math.min(upTo, plan.head());
    return locked(
        "contract", (connection, rows, stats) -> contractUpTo(connection, rows, limit, stats));
  }

  /**
   * Contract (only when the previous release is declared gone) what was backfilled before this run,
   * then expand and backfill what is pending.
   */
  public RunResult migrate(boolean previousReleaseGone) {
    return locked(
        "migrate",
        (connection, rows, stats) -> {
          if (previousReleaseGone) {
            contractUpTo(connection, rows, plan.head(), stats);
          }
          expandPending(connection, history.read(connection), stats);
          backfillExpanded(connection, stats);
        });
  }

  static void requireGone(boolean previousReleaseGone) {
    if (!previousReleaseGone) {
      throw StraddleException.refused(
          "contract drops what the previous release still uses. Until the instance registry"
              + " exists, state that no instance of it is left: --previous-release-gone"
              + " (API: previousReleaseGone = true)");
    }
  }

  private RunResult locked(String command, Work work) {
    RunStats stats = new RunStats();
    try (Connection lockConnection = dataSource.getConnection()) {
      name(lockConnection, "straddle lock");
      try (RunLock lock =
              RunLock.acquire(lockConnection, settings.historySchema(), settings.runLockWait());
          Connection connection = dataSource.getConnection()) {
        name(connection, "straddle runner");
        connection.setAutoCommit(true);
        history.create(connection);
        TreeMap<Integer, HistoryRow> rows = history.read(connection);
        List<String> problems =
            ProcedureGuard.problems(connection, settings.historySchema(), plan, rows);
        if (!problems.isEmpty()) {
          throw StraddleException.refused(
              "refusing to change anything:\n  - " + String.join("\n  - ", problems));
        }
        try {
          work.run(connection, rows, stats);
        } finally {
          resetName(connection);
        }
      }
    } catch (SQLException e) {
      throw new StraddleException(
          StraddleException.Kind.FAILED,
          command + " failed: " + e.getMessage(),
          null,
          null,
          null,
          e);
    }
    if (stats.steps.isEmpty()) {
      LOG.info("{}: nothing to do", command);
    }
    return new RunResult(command, stats.steps, stats.lockRetries, stats.rowsBackfilled);
  }

  /** Pooled connections go back as they came (best effort; a broken one is discarded anyway). */
  private static void resetName(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      statement.execute("RESET application_name");
    } catch (SQLException e) {
      LOG.debug("could not reset application_name", e);
    }
  }

  private static void name(Connection connection, String applicationName) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET application_name = '" + applicationName + "'");
    }
  }

  private void expandPending(
      Connection connection, TreeMap<Integer, HistoryRow> rows, RunStats stats)
      throws SQLException {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    for (PlannedMigration m : plan.migrations()) {
      if (rows.containsKey(m.id())) {
        continue;
      }
      List<String> drift = new ArrayList<>(new DriftCheck(connection).problems(m.expectations()));
      drift.addAll(ProcedureHistory.existing(connection, plan, m));
      if (!drift.isEmpty()) {
        throw StraddleException.refused(
            "the live schema is not what the migration declares, so nothing of it was applied:\n"
                + "  - "
                + String.join("\n  - ", drift),
            m.id(),
            "expand");
      }
      long start = System.nanoTime();
      boolean needsBackfill = !m.backfillTables().isEmpty();
      LOG.info("migration {}: expand ({})", m.id(), m.description());
      for (SqlStatement s : m.expand()) {
        if (!s.transactional()) {
          executor.outsideTransaction(m.id(), "expand", s.sql());
        }
      }
      executor.inTransaction(
          m.id(),
          "expand",
          tx -> {
            for (SqlStatement s : m.expand()) {
              if (s.transactional()) {
                tx.execute(s.sql());
              }
            }
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
            }
            return null;
          });
      stats.steps.add(m.id() + (needsBackfill ? " expanded" : " expanded backfilled"));
      LOG.info("migration {}: expanded", m.id());
    }
  }

  private void backfillExpanded(Connection connection, RunStats stats) throws SQLException {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    Backfiller backfiller = new Backfiller(executor, history, settings, stats);
    for (HistoryRow row : history.read(connection).values()) {
      if (row.phase() != Phase.EXPANDED) {
        continue;
      }
      PlannedMigration m = known.get(row.id());
      if (m == null) {
        LOG.warn(
            "migration {} is expanded but unknown to this build; its backfill (and later ones)"
                + " is left to the build that declares it",
            row.id());
        return;
      }
      backfiller.run(m, row);
    }
  }

  private void contractUpTo(
      Connection connection, TreeMap<Integer, HistoryRow> rows, int upTo, RunStats stats)
      throws SQLException {
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    for (HistoryRow row : rows.values()) {
      if (row.id() > upTo || row.phase() == Phase.CONTRACTED) {
        continue;
      }
      if (row.phase() != Phase.BACKFILLED) {
        LOG.warn(
            "migration {} is not backfilled yet; contract stops before it (run backfill first)",
            row.id());
        stats.steps.add(row.id() + " not-backfilled stopped");
        return;
      }
      PlannedMigration m = known.get(row.id());
      long start = System.nanoTime();
      LOG.info("migration {}: contract ({})", m.id(), m.description());
      for (SqlStatement s : m.contract()) {
        if (!s.transactional()) {
          executor.outsideTransaction(m.id(), "contract", s.sql());
        }
      }
      executor.inTransaction(
          m.id(),
          "contract",
          tx -> {
            for (SqlStatement s : m.contract()) {
              if (s.transactional()) {
                tx.execute(s.sql());
              }
            }
            tx.describe("record migration " + m.id() + " contracted in " + history.table());
            history.markContracted(
                tx.connection(), m.id(), (System.nanoTime() - start) / 1_000_000);
            procedures.recordDropped(tx, plan, m);
            for (String table : SyncComposer.tablesOf(row.fragments())) {
              for (String sql : composer.rebuild(tx.connection(), table)) {
                tx.execute(sql);
              }
            }
            return null;
          });
      stats.steps.add(m.id() + " contracted");
      LOG.info("migration {}: contracted", m.id());
    }
  }
}
