package dev.straddle.runtime.internal;

import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StraddleException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
  private final Registry registry;
  private final Map<Integer, PlannedMigration> known;
  private final Expander expander;
  private final Contractor contractor;

  public Runner(MigrationPlan plan, DataSource dataSource, Settings settings) {
    this.plan = plan;
    this.dataSource = dataSource;
    this.settings = settings;
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
    ProcedureHistory procedures = new ProcedureHistory(settings.historySchema());
    this.known = HistoryGuard.byId(plan);
    this.expander = new Expander(plan, settings, history, procedures);
    this.contractor = new Contractor(settings, history, registry, procedures, plan, known);
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
          expander.expandPending(connection, rows, stats);
          if (backfill) {
            backfillExpanded(connection, stats);
          }
        });
  }

  public RunResult backfill() {
    return locked("backfill", (connection, rows, stats) -> backfillExpanded(connection, stats));
  }

  public RunResult contract(int upTo, boolean previousReleaseGone) {
    return contract(upTo, previousReleaseGone, false);
  }

  /**
   * Contracts the backfilled migrations {@code <= min(upTo, head)}. Allowed when the instance
   * registry is in use, when the caller states the previous release is gone, or when forced; the
   * contract guard refuses (before changing anything) while a live registered instance with a head
   * below one of them exists, unless {@code force}.
   */
  public RunResult contract(int upTo, boolean previousReleaseGone, boolean force) {
    requirePermission(previousReleaseGone, force);
    // This build can only contract what it declares: never beyond its head.
    int limit = Math.min(upTo, plan.head());
    return locked(
        "contract",
        (connection, rows, stats) ->
            contractor.contractUpTo(connection, rows, limit, stats, false, force));
  }

  public RunResult migrate(boolean previousReleaseGone) {
    return migrate(previousReleaseGone, false);
  }

  /**
   * The deploy step. First contracts what was backfilled before this run ({@code <= head}): with
   * the registry in use and no flag, exactly what no live instance needs (stopping at the first
   * migration a live older head still needs); with {@code previousReleaseGone}, all of it, refused
   * while a live registered instance needs any of it; with {@code force}, all of it, recorded.
   * Without registry or flag, nothing is contracted. Then expands and backfills what is pending.
   */
  public RunResult migrate(boolean previousReleaseGone, boolean force) {
    boolean explicit = previousReleaseGone || force;
    return locked(
        "migrate",
        (connection, rows, stats) -> {
          if (explicit) {
            contractor.contractUpTo(connection, rows, plan.head(), stats, false, force);
          } else if (registry.exists(connection)) {
            contractor.contractUpTo(connection, rows, plan.head(), stats, true, false);
          }
          expander.expandPending(connection, history.read(connection), stats);
          backfillExpanded(connection, stats);
        });
  }

  private void requirePermission(boolean previousReleaseGone, boolean force) {
    if (previousReleaseGone || force) {
      return;
    }
    boolean inUse;
    try (Connection connection = dataSource.getConnection()) {
      inUse = registry.exists(connection);
    } catch (SQLException e) {
      throw new StraddleException(
          StraddleException.Kind.FAILED, "contract failed: " + e.getMessage(), null, null, null, e);
    }
    if (!inUse) {
      throw StraddleException.refused(
          "contract drops what the previous release still uses, and no application has"
              + " registered in "
              + registry.table()
              + " to say which releases still run. Register the applications"
              + " (InstanceRegistry.register), or state that no instance of the previous release"
              + " is left: --previous-release-gone (API: previousReleaseGone = true)");
    }
  }

  private RunResult locked(String command, Work work) {
    RunStats stats = new RunStats();
    // One connection: its session holds the run lock and makes every change, so no change can
    // commit after the lock is gone (docs/ARCHITECTURE.md, "Runner decisions").
    try (Connection connection = dataSource.getConnection()) {
      name(connection, "straddle runner");
      connection.setAutoCommit(true);
      try (RunLock lock =
          RunLock.acquire(connection, settings.historySchema(), settings.runLockWait())) {
        history.create(connection);
        TreeMap<Integer, HistoryRow> rows = history.read(connection);
        List<String> problems =
            ProcedureGuard.problems(connection, settings.historySchema(), plan, rows);
        if (!problems.isEmpty()) {
          throw StraddleException.refused(
              "refusing to change anything:\n  - " + String.join("\n  - ", problems));
        }
        work.run(connection, rows, stats);
      } catch (SQLException e) {
        if (RunLock.lost(e, connection)) {
          throw RunLock.lostError(e, stats.migrationId, stats.phase, null);
        }
        throw e;
      } finally {
        resetName(connection);
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
}
