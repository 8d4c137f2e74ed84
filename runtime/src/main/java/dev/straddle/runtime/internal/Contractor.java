package dev.straddle.runtime.internal;

import dev.straddle.runtime.Instance;
import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.SqlStatement;
import dev.straddle.runtime.StraddleException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contracts backfilled migrations in id order under the contract guard: a live registered instance
 * with a head below a migration keeps it (automatic mode) or refuses the run, unless forced (which
 * the history records).
 */
final class Contractor {

  private static final Logger LOG = LoggerFactory.getLogger(Contractor.class);

  private final Settings settings;
  private final History history;
  private final Registry registry;
  private final ProcedureHistory procedures;
  private final MigrationPlan plan;
  private final Map<Integer, PlannedMigration> known;

  Contractor(
      Settings settings,
      History history,
      Registry registry,
      ProcedureHistory procedures,
      MigrationPlan plan,
      Map<Integer, PlannedMigration> known) {
    this.settings = settings;
    this.history = history;
    this.registry = registry;
    this.procedures = procedures;
    this.plan = plan;
    this.known = known;
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

  /**
   * Contracts backfilled migrations {@code <= upTo} in id order, stopping before the first one only
   * expanded. {@code automatic}: keeps (stops before) the first one a live instance needs; else a
   * needed one refuses the run (before anything when seen upfront) unless {@code force}.
   */
  void contractUpTo(
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
        stats.stoppedBefore = row.id();
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
                // What stays in flight must still run once this contract dropped its columns.
                tx.describe("evaluate the sync fragments on " + table + " against the live table");
                composer.requireRunnable(tx.connection(), table, m.id(), "contract");
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
