package dev.straddle.runtime.internal;

import dev.straddle.runtime.Instance;
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
import java.util.stream.Collectors;
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
  private final ProcedureHistory procedures;
  private final Map<Integer, PlannedMigration> known;

  public Runner(MigrationPlan plan, DataSource dataSource, Settings settings) {
    this.plan = plan;
    this.dataSource = dataSource;
    this.settings = settings;
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
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
        (connection, rows, stats) -> contractUpTo(connection, rows, limit, stats, false, force));
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
            contractUpTo(connection, rows, plan.head(), stats, false, force);
          } else if (registry.exists(connection)) {
            contractUpTo(connection, rows, plan.head(), stats, true, false);
          }
          expandPending(connection, history.read(connection), stats);
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

  /** Thrown inside a contract transaction when a live instance needs the migration. */
  private static final class Needed extends RuntimeException {
    final List<Instance> instances;

    Needed(List<Instance> instances) {
      super(null, null, false, false);
      this.instances = instances;
    }
  }

  private static List<Instance> needing(List<Instance> live, int migrationId) {
    return live.stream().filter(i -> i.head() < migrationId).toList();
  }

  static String refusal(HistoryRow row, List<Instance> needers, boolean afterOthers) {
    StringBuilder out =
        new StringBuilder("migration ")
            .append(row.id())
            .append(" (")
            .append(row.description())
            .append(") is still used by live instances of older code (head below ")
            .append(row.id())
            .append("):");
    for (Instance i : needers) {
      out.append("\n  - ").append(i.describe());
    }
    out.append(
        "\ncontract refused: wait until they stop (or expire after their last heartbeat), or"
            + " override with --force (API: force = true), which is recorded in the history");
    if (afterOthers) {
      out.append(". Migrations before it were contracted in this run");
    }
    return out.toString();
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
      boolean needsBackfill = m.needsBackfill();
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

  /**
   * Contracts backfilled migrations {@code <= upTo} in id order, stopping before the first one only
   * expanded. {@code automatic}: keeps (stops before) the first one a live instance needs; else a
   * needed one refuses the run (before anything when seen upfront) unless {@code force}.
   */
  private void contractUpTo(
      Connection connection,
      TreeMap<Integer, HistoryRow> rows,
      int upTo,
      RunStats stats,
      boolean automatic,
      boolean force)
      throws SQLException {
    List<HistoryRow> candidates = new ArrayList<>();
    for (HistoryRow row : rows.values()) {
      if (row.id() > upTo || row.phase() == Phase.CONTRACTED) {
        continue;
      }
      if (row.phase() != Phase.BACKFILLED) {
        LOG.warn(
            "migration {} is not backfilled yet; contract stops before it (run backfill first)",
            row.id());
        stats.steps.add(row.id() + " not-backfilled stopped");
        break;
      }
      candidates.add(row);
    }
    if (candidates.isEmpty()) {
      return;
    }
    List<Instance> live = registry.live(connection);
    if (!automatic && !force) {
      for (HistoryRow row : candidates) {
        List<Instance> needers = needing(live, row.id());
        if (!needers.isEmpty()) {
          throw StraddleException.refused(refusal(row, needers, false), row.id(), "contract");
        }
      }
    }
    PhaseExecutor executor = new PhaseExecutor(connection, settings, stats);
    SyncComposer composer = new SyncComposer(history);
    boolean contractedAny = false;
    for (HistoryRow row : candidates) {
      if (automatic) {
        List<Instance> needers = needing(live, row.id());
        if (!needers.isEmpty()) {
          keep(row, needers, stats);
          return;
        }
      }
      PlannedMigration m = known.get(row.id());
      long start = System.nanoTime();
      LOG.info("migration {}: contract ({})", m.id(), m.description());
      try {
        for (SqlStatement s : m.contract()) {
          if (!s.transactional()) {
            executor.outsideTransaction(m.id(), "contract", s.sql());
          }
        }
        executor.inTransaction(
            m.id(),
            "contract",
            tx -> {
              String forcedOver = null;
              if (registry.exists(tx.connection())) {
                // Registrations wait until this commits; then the check below is the truth.
                tx.execute(registry.lockAgainstRegistrations());
                tx.describe("contract guard: live instances in " + registry.table());
                List<Instance> needers = needing(registry.live(tx.connection()), m.id());
                if (!needers.isEmpty()) {
                  if (!force) {
                    throw new Needed(needers);
                  }
                  forcedOver =
                      needers.stream().map(Instance::describe).collect(Collectors.joining("; "));
                  LOG.warn(
                      "migration {}: contract forced although live instances need it: {}",
                      m.id(),
                      forcedOver);
                }
              }
              for (SqlStatement s : m.contract()) {
                if (s.transactional()) {
                  tx.execute(s.sql());
                }
              }
              tx.describe("record migration " + m.id() + " contracted in " + history.table());
              history.markContracted(
                  tx.connection(), m.id(), (System.nanoTime() - start) / 1_000_000, forcedOver);
              procedures.recordDropped(tx, plan, m);
              for (String table : SyncComposer.tablesOf(row.fragments())) {
                for (String sql : composer.rebuild(tx.connection(), table)) {
                  tx.execute(sql);
                }
              }
              return null;
            });
      } catch (Needed needed) {
        // An older instance registered (or came back) after the first check.
        if (automatic) {
          keep(row, needed.instances, stats);
          return;
        }
        throw StraddleException.refused(
            refusal(row, needed.instances, contractedAny), row.id(), "contract");
      }
      contractedAny = true;
      stats.steps.add(m.id() + " contracted");
      LOG.info("migration {}: contracted", m.id());
    }
  }

  private static void keep(HistoryRow row, List<Instance> needers, RunStats stats) {
    LOG.info(
        "migration {}: not contracted, live instances of older code still use it: {}",
        row.id(),
        needers.stream().map(Instance::describe).collect(Collectors.joining("; ")));
    stats.steps.add(row.id() + " kept");
  }
}
