package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StraddleException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changing commands (expand, backfill, contract, migrate). Each runs under the run lock, on a
 * work connection of its own, reads the history once it holds the lock (so two runners never apply
 * anything twice), has the {@link Planner} decide the steps and executes them.
 */
public final class Runner {

  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private final MigrationPlan plan;
  private final DataSource dataSource;
  private final Settings settings;
  private final History history;
  private final Registry registry;
  private final Expander expander;
  private final Contractor contractor;
  private final Rollbacker rollbacker;
  private final Builds builds;
  private final Planner planner;

  public Runner(MigrationPlan plan, DataSource dataSource, Settings settings) {
    this.plan = plan;
    this.dataSource = dataSource;
    this.settings = settings;
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
    ProcedureHistory procedures = new ProcedureHistory(settings.historySchema());
    this.expander = new Expander(plan, settings, history, procedures);
    this.contractor = new Contractor(settings, history, registry, procedures, plan);
    this.rollbacker = new Rollbacker(settings, history, registry, procedures);
    this.builds = new Builds(settings.historySchema());
    this.planner = new Planner(plan, settings);
  }

  public RunResult expand(boolean backfill) {
    return locked(Planner.Request.expand(backfill));
  }

  public RunResult backfill() {
    return locked(Planner.Request.backfill());
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
    return locked(Planner.Request.contract(upTo, force));
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
   * or flag, nothing is contracted. Then expands and backfills what is pending. The decisions are
   * the {@link Planner}'s.
   */
  public RunResult migrate(boolean previousReleaseGone, boolean force) {
    return locked(Planner.Request.migrate(previousReleaseGone, force));
  }

  /**
   * Rolls back, highest first, every expanded or backfilled migration above {@code to}
   * (docs/ARCHITECTURE.md, "Rollback"); refused before anything changes for a contracted one, one
   * this build cannot undo, and, unless {@code force}, while a live registered instance's head
   * needs one.
   */
  public RunResult rollback(int to, boolean force) {
    if (to < 0) {
      throw new IllegalArgumentException("rollback --to " + to + ": must be 0 or above");
    }
    return locked(Planner.Request.rollback(to, force));
  }

  private void requirePermission(boolean previousReleaseGone, boolean force) {
    if (previousReleaseGone || force) {
      return;
    }
    boolean inUse;
    try (Connection connection = dataSource.getConnection()) {
      inUse = registry.exists(connection);
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e, ErrorCode.DATABASE_ERROR, "contract failed", e.getMessage());
    }
    if (!inUse) {
      throw StraddleException.of(ErrorCode.CONTRACT_UNGUARDED, registry.table());
    }
  }

  /**
   * Plans {@code request} under the run lock and executes the plan. Every refusal (checksums,
   * unknown migrations, procedure versions, drift, {@link Preflight}, the contract guard) is the
   * plan's, so it comes before the first write, the history's creation included. A run that
   * completes records this build's head in {@link Builds}.
   */
  private RunResult locked(Planner.Request request) {
    String command = request.command();
    RunStats stats = new RunStats();
    // One connection: its session holds the run lock and makes every change, so no change can
    // commit after the lock is gone (docs/ARCHITECTURE.md, "Runner decisions").
    try (Connection connection = dataSource.getConnection()) {
      name(connection, "straddle runner");
      connection.setAutoCommit(true);
      try (RunLock lock =
          RunLock.acquire(connection, settings.historySchema(), settings.runLockWait())) {
        Planner.Plan planned = planner.plan(connection, history.read(connection), request);
        if (planned.refusal() != null) {
          throw planned.refusal();
        }
        if (!request.rollsBack() || !planned.steps().isEmpty()) {
          history.create(connection); // a rollback with nothing to undo changes nothing
        }
        execute(connection, planned, stats);
        if (!planned.steps().isEmpty()) {
          narrowSyncTriggers(connection);
        }
        if (request.contracts() == Planner.ContractScope.REPLACED_RELEASE) {
          stats.stoppedBefore = null; // not a stop for migrate: its backfill finishes it
        }
        connection.setAutoCommit(true);
        if (!request.rollsBack()) {
          // A rollback deploys no release: which release a later deploy replaces is unchanged.
          builds.record(connection, plan.head(), command);
        }
      } catch (SQLException e) {
        if (RunLock.lost(e, connection)) {
          throw RunLock.lostError(e, stats.migrationId, stats.phase, null);
        }
        throw e;
      } finally {
        resetName(connection);
      }
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e, ErrorCode.DATABASE_ERROR, command + " failed", e.getMessage());
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

  /**
   * Executes the steps in order. A contract that the guard, checked again in its transaction, keeps
   * ends the contracts (the later ones need the same instances); the backfills read the history the
   * expands left (their cutoffs).
   */
  private void execute(Connection connection, Planner.Plan planned, RunStats stats)
      throws SQLException {
    boolean contracting = true;
    boolean contractedAny = false;
    Map<Integer, HistoryRow> expanded = null;
    Backfiller backfiller = null;
    for (Planner.Step step : planned.steps()) {
      if (step instanceof Planner.FinishContract f) {
        contractor.finish(connection, f, stats);
      } else if (step instanceof Planner.ContractStep c) {
        if (contracting) {
          contracting = contractor.contract(connection, c, stats, contractedAny);
          contractedAny |= contracting;
        }
      } else if (step instanceof Planner.Kept k) {
        Contractor.keep(k.row(), k.needers(), stats);
      } else if (step instanceof Planner.NotContracted n) {
        LOG.info(n.note());
        stats.notes.add(n.note());
      } else if (step instanceof Planner.NotBackfilled n) {
        LOG.warn(
            "migration {} is not backfilled yet; contract stops before it (run backfill first)",
            n.id());
        stats.steps.add(new RunResult.Step(n.id(), RunResult.Step.Kind.STOPPED_NOT_BACKFILLED));
        stats.stoppedBefore = n.id();
      } else if (step instanceof Planner.ExpandStep e) {
        expander.expand(connection, e, stats);
      } else if (step instanceof Planner.BackfillStep b) {
        if (expanded == null) {
          expanded = history.read(connection);
          backfiller =
              new Backfiller(
                  new PhaseExecutor(connection, settings, stats),
                  history,
                  settings,
                  stats,
                  dataSource);
        }
        backfiller.run(b.migration(), expanded.get(b.migration().id()));
      } else if (step instanceof Planner.RollbackStep r) {
        rollbacker.rollback(connection, r, stats);
      } else if (step instanceof Planner.Unknown u) {
        LOG.warn(
            "migration {} is expanded but unknown to this build; its backfill (and later ones)"
                + " is left to the build that declares it",
            u.id());
      }
    }
  }

  /**
   * Narrows each sync trigger that may be ({@link SyncComposer#narrowing}), one short transaction
   * per table under the lock timeout, once, checked again under the trigger's lock. Best effort: a
   * trigger left as it is fires on every update, which is always correct; a later run tries again.
   */
  private void narrowSyncTriggers(Connection connection) throws SQLException {
    SyncComposer composer = new SyncComposer(history);
    for (String table : SyncComposer.inFlightTables(history.read(connection).values())) {
      Optional<String> narrowing = composer.narrowing(connection, table);
      if (narrowing.isEmpty()) {
        continue;
      }
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement set =
            connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
          set.setString(1, PhaseStatements.lockTimeout(settings.lockTimeout()));
          set.execute();
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute(narrowing.get());
        }
        // The trigger's lock keeps other CREATE TRIGGERs out: what was checked holds now.
        if (narrowing.equals(composer.narrowing(connection, table))) {
          connection.commit();
          LOG.info("sync trigger of {}: fires on updates of the columns it syncs only", table);
        } else {
          connection.rollback();
        }
      } catch (SQLException e) {
        connection.rollback();
        LOG.info(
            "sync trigger of {} left firing on every update (a later run tries again): {}",
            table,
            e.getMessage());
      } finally {
        connection.setAutoCommit(true);
      }
    }
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
}
