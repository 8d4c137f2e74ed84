package dev.straddle.runtime.internal;

import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StraddleException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
  private final Builds builds;
  private final Preflight preflight;

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
    this.builds = new Builds(settings.historySchema());
    this.preflight = new Preflight(plan, settings);
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection, TreeMap<Integer, HistoryRow> rows, RunStats stats)
        throws SQLException;
  }

  public RunResult expand(boolean backfill) {
    return locked(
        "expand",
        true,
        backfill,
        (connection, rows, stats) -> {
          expander.expandPending(connection, rows, stats);
          if (backfill) {
            backfillExpanded(connection, stats);
          }
        });
  }

  public RunResult backfill() {
    return locked(
        "backfill", false, true, (connection, rows, stats) -> backfillExpanded(connection, stats));
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
    // This build can only contract what it declares: never beyond its head.
    if (upTo > plan.head()) {
      throw new IllegalArgumentException(
          "up to migration "
              + upTo
              + " is beyond this build's head "
              + plan.head()
              + ": a build contracts only migrations it declares");
    }
    requirePermission(previousReleaseGone, force);
    int limit = upTo;
    return locked(
        "contract",
        false,
        false,
        (connection, rows, stats) ->
            contractor.contractUpTo(connection, rows, limit, stats, false, force));
  }

  public RunResult migrate(boolean previousReleaseGone) {
    return migrate(previousReleaseGone, false);
  }

  /**
   * The deploy step. First contracts, with the registry in use or {@code previousReleaseGone}, what
   * the release this build replaces works with: backfilled migrations {@code <=} that release's
   * head (the build that last completed a run among the lower heads, see {@link Builds}); with the
   * registry in use and no flag, only those no live instance needs (stopping at the first one a
   * live older head still needs); with the flag, all of them, refused while a live registered
   * instance needs one. No earlier build recorded: nothing is contracted (a note says why). With
   * {@code force}, everything backfilled {@code <=} head, the override recorded. Without registry
   * or flag, nothing is contracted. Then expands and backfills what is pending.
   */
  public RunResult migrate(boolean previousReleaseGone, boolean force) {
    return locked(
        "migrate",
        true,
        true,
        (connection, rows, stats) -> {
          if (force) {
            contractor.contractUpTo(connection, rows, plan.head(), stats, false, true);
          } else if (previousReleaseGone || registry.exists(connection)) {
            contractForReplacedRelease(connection, rows, stats, !previousReleaseGone);
          }
          stats.stoppedBefore = null; // not a stop here: the backfill below finishes it
          expander.expandPending(connection, history.read(connection), stats);
          backfillExpanded(connection, stats);
        });
  }

  /** {@code migrate}'s contracts: never past the head of the release this build replaces. */
  private void contractForReplacedRelease(
      Connection connection, TreeMap<Integer, HistoryRow> rows, RunStats stats, boolean automatic)
      throws SQLException {
    OptionalInt replaced = builds.replaced(connection, plan.head());
    List<Integer> later = new ArrayList<>();
    for (HistoryRow row : rows.values()) {
      if (row.phase() == Phase.BACKFILLED
          && row.id() <= plan.head()
          && (replaced.isEmpty() || row.id() > replaced.getAsInt())) {
        later.add(row.id());
      }
    }
    if (replaced.isPresent()) {
      contractor.contractUpTo(connection, rows, replaced.getAsInt(), stats, automatic, false);
    }
    if (later.isEmpty()) {
      return;
    }
    String note =
        replaced.isEmpty()
            ? "migrations "
                + later
                + " not contracted: no earlier build is recorded in "
                + builds.table()
                + ", so which release this deploy replaces (and what it still uses) is unknown."
                + " Run `contract` once the previous release is gone"
            : "migrations "
                + later
                + " not contracted: the release this deploy replaces (head "
                + replaced.getAsInt()
                + ") still uses them. The next deploy contracts them, or `contract` once this"
                + " release is rolled out";
    LOG.info(note);
    stats.notes.add(note);
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

  /**
   * Runs {@code work} under the run lock. Every refusal (checksums, unknown migrations, procedure
   * versions, drift, {@link Preflight}) comes before the first write, the history's creation
   * included; {@code expands}/{@code backfills} say which migrations the preflight covers. A run
   * that completes records this build's head in {@link Builds}.
   */
  private RunResult locked(String command, boolean expands, boolean backfills, Work work) {
    RunStats stats = new RunStats();
    // One connection: its session holds the run lock and makes every change, so no change can
    // commit after the lock is gone (docs/ARCHITECTURE.md, "Runner decisions").
    try (Connection connection = dataSource.getConnection()) {
      name(connection, "straddle runner");
      connection.setAutoCommit(true);
      try (RunLock lock =
          RunLock.acquire(connection, settings.historySchema(), settings.runLockWait())) {
        // Every refusal comes before the first write: a refused run creates nothing, not even
        // the history schema.
        TreeMap<Integer, HistoryRow> rows = history.read(connection);
        List<String> problems =
            ProcedureGuard.problems(connection, settings.historySchema(), plan, rows);
        if (!problems.isEmpty()) {
          throw StraddleException.refused(
              "refusing to change anything:\n  - " + String.join("\n  - ", problems));
        }
        preflight.check(connection, rows, expands, backfills);
        history.create(connection);
        work.run(connection, rows, stats);
        connection.setAutoCommit(true);
        builds.record(connection, plan.head(), command);
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
    return new RunResult(
        command,
        stats.steps,
        stats.lockRetries,
        stats.rowsBackfilled,
        stats.notes,
        stats.stoppedBefore);
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
