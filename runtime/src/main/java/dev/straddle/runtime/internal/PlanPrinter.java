package dev.straddle.runtime.internal;

import dev.straddle.runtime.IndexBuild;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.SqlStatement;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.SyncFragment.Direction;
import dev.straddle.runtime.sql.BackfillSql;
import dev.straddle.runtime.sql.SyncFunctionSql;
import dev.straddle.runtime.sql.SyncFunctionSql.InFlight;
import dev.straddle.runtime.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dry run: the SQL {@code migrate} would run now (contracts first when the previous release is
 * declared gone, then every pending expand with the sync functions composed as they would be, then
 * the backfills' batch statements). Reads the history and catalog; changes nothing.
 */
public final class PlanPrinter {

  private final MigrationPlan plan;
  private final History history;
  private final String lockTimeout;
  private final Registry registry;
  private final Builds builds;
  private final Settings settings;

  public PlanPrinter(MigrationPlan plan, Settings settings) {
    this.plan = plan;
    this.settings = settings;
    this.builds = new Builds(settings.historySchema());
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
    this.lockTimeout = settings.lockTimeout().toMillis() + "ms";
  }

  public String print(Connection connection, boolean previousReleaseGone) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    Map<Integer, PlannedMigration> known = HistoryGuard.byId(plan);
    Catalog catalog = new Catalog(connection);
    StringBuilder out = new StringBuilder();
    out.append("-- Straddle plan: head ").append(plan.head()).append('\n');
    if (!history.exists(connection)) {
      out.append("-- (first run: creates ").append(history.table()).append(")\n");
      history.ddl().forEach(sql -> out.append(sql).append(";\n"));
    }
    List<String> problems = HistoryGuard.problems(plan, rows);
    if (!problems.isEmpty()) {
      out.append("-- REFUSED: a run would change nothing:\n");
      problems.forEach(p -> out.append("--   ").append(p).append('\n'));
      return out.toString();
    }
    try {
      new Preflight(plan, settings).check(connection, rows, true, true);
    } catch (StraddleException refused) {
      out.append("-- REFUSED: a run would change nothing:\n--   ")
          .append(refused.getMessage().replace("\n", "\n--   "))
          .append('\n');
      return out.toString();
    }
    boolean any = false;
    boolean registered = registry.exists(connection);
    if (previousReleaseGone || registered) {
      List<Instance> live = registry.live(connection);
      OptionalInt replaced = builds.replaced(connection, plan.head());
      for (HistoryRow row : List.copyOf(rows.values())) {
        if (row.id() > plan.head() || row.phase() == Phase.CONTRACTED) {
          continue;
        }
        if (replaced.isEmpty() || row.id() > replaced.getAsInt()) {
          if (row.phase() == Phase.BACKFILLED) {
            out.append("-- kept (not contracted): migration ")
                .append(row.id())
                .append(
                    replaced.isEmpty()
                        ? ": no earlier build is recorded in "
                            + builds.table()
                            + ", so the release this deploy replaces is unknown\n"
                        : " is still used by the release this deploy replaces (head "
                            + replaced.getAsInt()
                            + ")\n");
          }
          break;
        }
        if (row.phase() != Phase.BACKFILLED) {
          break;
        }
        List<Instance> needers = live.stream().filter(i -> i.head() < row.id()).toList();
        if (!needers.isEmpty()) {
          out.append(
                  previousReleaseGone
                      ? "-- REFUSED (contract guard): migration "
                      : "-- kept (not contracted): migration ")
              .append(row.id())
              .append(" is still used by live instances:\n");
          needers.forEach(i -> out.append("--   ").append(i.describe()).append('\n'));
          if (previousReleaseGone) {
            return out.toString();
          }
          break;
        }
        PlannedMigration m = known.get(row.id());
        header(out, m, "contract");
        phase(out, m.contract());
        rows.put(row.id(), with(row, Phase.CONTRACTED));
        sync(out, catalog, rows, SyncComposer.tablesOf(row.fragments()));
        out.append("COMMIT;\n");
        any = true;
      }
    }
    for (PlannedMigration m : plan.migrations()) {
      if (rows.containsKey(m.id())) {
        continue;
      }
      header(out, m, "expand");
      phase(out, m.expand());
      lockTables(out, catalog, SyncComposer.tablesOf(m.fragments()));
      boolean backfills = m.needsBackfill();
      rows.put(
          m.id(),
          new HistoryRow(
              m.id(),
              m.description(),
              m.checksum(),
              backfills ? Phase.EXPANDED : Phase.BACKFILLED,
              0,
              0,
              m.fragments(),
              null,
              0));
      out.append("-- record migration ").append(m.id()).append(" in ").append(history.table());
      out.append(" (phase ").append(backfills ? "expanded" : "backfilled").append(")\n");
      sync(out, catalog, rows, SyncComposer.tablesOf(m.fragments()));
      out.append("COMMIT;\n");
      any = true;
    }
    for (HistoryRow row : rows.values()) {
      PlannedMigration m = known.get(row.id());
      if (row.phase() != Phase.EXPANDED || m == null) {
        continue;
      }
      header(out, m, "backfill");
      out.append("-- in batches over the primary key, each its own transaction, resumable;")
          .append(" rows written after expand are skipped\n");
      for (String declared : m.backfillTables()) {
        TableName table = TableName.parse(declared);
        List<SyncFragment> ups =
            m.fragments().stream()
                .filter(f -> f.direction() == Direction.UP && f.table().equals(declared))
                .toList();
        String where = "<batch key range> AND age(xmin) > age(<backfill_before>)";
        if (Backfiller.fastPath(rows.values(), m.id(), declared)) {
          out.append("SET LOCAL straddle.head = '-1';\n");
          out.append(BackfillSql.computeUp(table, ups, where)).append(";\n");
        } else {
          out.append("SET LOCAL straddle.head = '").append(m.id() - 1).append("';\n");
          List<Catalog.KeyColumn> key = catalog.primaryKey(table);
          String first = key.isEmpty() ? "<no primary key: backfill fails>" : key.get(0).name();
          out.append(BackfillSql.touchRows(table, first, where)).append(";\n");
        }
      }
      for (IndexBuild index : m.indexes()) {
        out.append("-- outside any transaction (an INVALID leftover is dropped first):\n")
            .append(index.sql())
            .append(";\n");
      }
      any = true;
    }
    if (!any) {
      out.append("-- nothing to do\n");
    }
    return out.toString();
  }

  private static void lockTables(StringBuilder out, Catalog catalog, Set<String> tables)
      throws SQLException {
    for (String declared : tables) {
      TableName table = TableName.parse(declared);
      if (catalog.tableExists(table)) {
        out.append(SyncComposer.lockForWriters(table)).append(";\n");
      }
    }
  }

  private static HistoryRow with(HistoryRow row, Phase phase) {
    return new HistoryRow(
        row.id(),
        row.description(),
        row.checksum(),
        phase,
        row.expandXid(),
        row.backfillBefore(),
        row.fragments(),
        row.backfillCursor(),
        row.backfillRows());
  }

  private static void header(StringBuilder out, PlannedMigration m, String phase) {
    out.append("\n-- migration ")
        .append(m.id())
        .append(" (")
        .append(m.description())
        .append("): ")
        .append(phase)
        .append('\n');
  }

  private void phase(StringBuilder out, List<SqlStatement> statements) {
    for (SqlStatement s : statements) {
      if (!s.transactional()) {
        out.append("-- outside a transaction:\n").append(s.sql()).append(";\n");
      }
    }
    out.append("BEGIN;\nSET LOCAL lock_timeout = '").append(lockTimeout).append("';\n");
    for (SqlStatement s : statements) {
      if (s.transactional()) {
        out.append(s.sql()).append(";\n");
      }
    }
  }

  private static void sync(
      StringBuilder out, Catalog catalog, TreeMap<Integer, HistoryRow> rows, Set<String> tables)
      throws SQLException {
    for (String declared : tables) {
      TableName table = TableName.parse(declared);
      List<InFlight> inFlight = SyncComposer.inFlight(rows.values(), declared);
      if (inFlight.isEmpty()) {
        out.append(SyncFunctionSql.dropTrigger(table)).append(";\n");
        out.append(SyncFunctionSql.dropFunction(table)).append(";\n");
        continue;
      }
      Set<String> columns = new LinkedHashSet<>(catalog.columns(table));
      inFlight.forEach(m -> m.fragments().forEach(f -> columns.add(f.column())));
      out.append(SyncFunctionSql.createFunction(table, inFlight, columns)).append(";\n");
      SyncComposer.trigger(catalog, table, inFlight)
          .ifPresent(sql -> out.append(sql).append(";\n"));
    }
  }
}
