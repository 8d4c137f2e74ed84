package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.BackfillSql;
import dev.straddle.plan.sql.SyncFunctionSql.InFlight;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dry run: prints the {@link Planner}'s plan for {@code migrate}, the steps in the order the
 * run takes them, each phase in the layout of {@link PhaseStatements}, with the sync triggers
 * composed as the history and the catalog will be when the run gets there. Reads; changes nothing.
 */
public final class PlanPrinter {

  private final MigrationPlan plan;
  private final History history;
  private final Registry registry;
  private final Settings settings;
  private final Planner planner;

  public PlanPrinter(MigrationPlan plan, Settings settings) {
    this.plan = plan;
    this.settings = settings;
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
    this.planner = new Planner(plan, settings);
  }

  public String print(Connection connection, boolean previousReleaseGone, boolean force)
      throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    StringBuilder out = new StringBuilder();
    out.append("-- Straddle plan: head ").append(plan.head()).append('\n');
    if (!history.exists(connection)) {
      out.append("-- (first run: creates ").append(history.table()).append(")\n");
      history.ddl().forEach(sql -> out.append(sql).append(";\n"));
    }
    Planner.Plan planned =
        planner.plan(connection, rows, Planner.Request.migrate(previousReleaseGone, force));
    return printed(connection, rows, planned, out);
  }

  /**
   * {@code planned} after {@code out}'s header: its refusal, or its steps (or that there are none).
   */
  private String printed(
      Connection connection,
      TreeMap<Integer, HistoryRow> rows,
      Planner.Plan planned,
      StringBuilder out)
      throws SQLException {
    if (planned.refusal() != null) {
      out.append("-- REFUSED: a run would change nothing:\n--   ")
          .append(planned.refusal().getMessage().replace("\n", "\n--   "))
          .append('\n');
      return out.toString();
    }
    new Steps(connection, rows).print(planned.steps(), out);
    if (planned.steps().isEmpty()) {
      out.append("-- nothing to do\n");
    }
    return out.toString();
  }

  /**
   * The dry run of {@code rollback --to to}: the {@link Planner}'s rollback plan, each migration's
   * rollback in the layout {@link Rollbacker} runs it (its statements outside a transaction, then
   * one transaction with the guard, its statements, the history's record and the sync triggers
   * composed again without it), or the refusal. Reads; changes nothing.
   */
  public String printRollback(Connection connection, int to, boolean force) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    StringBuilder out = new StringBuilder();
    out.append("-- Straddle rollback plan: head ")
        .append(plan.head())
        .append(", every migration above ")
        .append(to)
        .append(" in flight, highest first\n");
    Planner.Plan planned = planner.plan(connection, rows, Planner.Request.rollback(to, force));
    return printed(connection, rows, planned, out);
  }

  /** Prints steps, following the history and the sync triggers as each step leaves them. */
  private final class Steps {
    private final Catalog catalog;
    private final Connection connection;
    private final TreeMap<Integer, HistoryRow> rows;
    private final Map<String, Boolean> triggers = new HashMap<>();
    private final Map<String, Set<String>> added = new HashMap<>();
    private Boolean guarded;
    private boolean widened;

    Steps(Connection connection, TreeMap<Integer, HistoryRow> rows) {
      this.connection = connection;
      this.catalog = new Catalog(connection);
      this.rows = new TreeMap<>(rows);
    }

    void print(List<Planner.Step> steps, StringBuilder out) throws SQLException {
      for (Planner.Step step : steps) {
        if (step instanceof Planner.FinishContract f) {
          header(
              out,
              f.migration(),
              "finish the contract (an earlier run stopped after its transaction)");
          for (String sql : f.statements().after()) {
            out.append("-- outside a transaction, after it:\n").append(sql).append(";\n");
          }
          out.append("-- record migration ")
              .append(f.migration().id())
              .append(" finished in ")
              .append(history.table())
              .append('\n');
        } else if (step instanceof Planner.ContractStep c) {
          contract(c, out);
        } else if (step instanceof Planner.Kept k) {
          out.append("-- kept (not contracted): migration ")
              .append(k.row().id())
              .append(" is still used by live instances:\n");
          for (Instance i : k.needers()) {
            out.append("--   ").append(i.describe()).append('\n');
          }
        } else if (step instanceof Planner.NotContracted n) {
          for (int id : n.ids()) {
            out.append("-- kept (not contracted): migration ")
                .append(id)
                .append(
                    n.replaced().isEmpty()
                        ? ": no earlier build is recorded in "
                            + n.buildsTable()
                            + ", so the release this deploy replaces is unknown\n"
                        : " is still used by the release this deploy replaces (head "
                            + n.replaced().getAsInt()
                            + ")\n");
          }
        } else if (step instanceof Planner.NotBackfilled n) {
          out.append("-- contracts stop before migration ")
              .append(n.id())
              .append(": not backfilled yet\n");
        } else if (step instanceof Planner.ExpandStep e) {
          expand(e, out);
        } else if (step instanceof Planner.BackfillStep b) {
          backfill(b.migration(), out);
        } else if (step instanceof Planner.RollbackStep r) {
          rollback(r, out);
        } else if (step instanceof Planner.Unknown u) {
          out.append("-- migration ")
              .append(u.id())
              .append(" is expanded but unknown to this build: its backfill (and later ones) is")
              .append(" left to the build that declares it\n");
        }
      }
      if (!steps.isEmpty()) {
        narrowings(out);
      }
    }

    /**
     * What the first phase transaction runs before its statements: the narrowed sync triggers made
     * to fire on every update again ({@link SyncComposer#widenings}); nothing for later phases.
     */
    private String widenings() throws SQLException {
      if (widened) {
        return "";
      }
      widened = true;
      StringBuilder out = new StringBuilder();
      for (String sql : SyncComposer.widenings(connection)) {
        out.append(sql).append(";\n");
      }
      return out.toString();
    }

    /** The run's last transactions: the sync triggers it narrows, as the steps leave them. */
    private void narrowings(StringBuilder out) throws SQLException {
      if (!catalog.canReplaceTriggers()) {
        return;
      }
      for (String declared : SyncComposer.inFlightTables(rows.values())) {
        TableName table = TableName.parse(declared);
        Boolean known = triggers.get(declared);
        boolean exists =
            known != null ? known : catalog.tableExists(table) && catalog.syncTriggerExists(table);
        if (!exists) {
          continue;
        }
        Set<String> columns = new LinkedHashSet<>(catalog.columns(table));
        columns.addAll(added.getOrDefault(declared, Set.of()));
        Optional<String> narrowing =
            SyncComposer.narrowing(
                table,
                rows.values(),
                declared,
                catalog.hasOtherBeforeUpdateRowTriggers(table),
                columns);
        if (narrowing.isPresent()) {
          out.append("\n-- sync trigger of ")
              .append(declared)
              .append(": fires on updates of the columns it syncs only (best effort: left as it")
              .append(" is when its lock is not had in time)\n")
              .append(PhaseStatements.transaction(settings.lockTimeout(), narrowing.get() + ";\n"));
        }
      }
    }

    private void contract(Planner.ContractStep step, StringBuilder out) throws SQLException {
      PlannedMigration m = step.migration();
      header(out, m, "contract");
      if (!step.force() && Contractor.dropsConcurrently(step)) {
        // Contractor reads the guard right before the index drops outside the transaction.
        out.append(
            PhaseStatements.transaction(
                settings.lockTimeout(),
                "-- contract guard: live instances in " + registry.table() + "\n"));
      }
      StringBuilder before = new StringBuilder();
      if (guarded == null) {
        guarded = registry.exists(connection);
      }
      if (guarded) {
        before
            .append(registry.lockAgainstRegistrations())
            .append(";\n-- contract guard: live instances in ")
            .append(registry.table())
            .append('\n');
      }
      before.append(widenings());
      rows.put(m.id(), step.row().withPhase(Phase.CONTRACTED));
      StringBuilder after = new StringBuilder();
      after
          .append("-- record migration ")
          .append(m.id())
          .append(" contracted in ")
          .append(history.table())
          .append('\n');
      sync(after, SyncComposer.tablesOf(step.row().fragments()));
      out.append(
          step.statements().render(settings.lockTimeout(), before.toString(), after.toString()));
      if (!step.statements().after().isEmpty()) {
        out.append("-- record migration ")
            .append(m.id())
            .append(" finished in ")
            .append(history.table())
            .append('\n');
      }
    }

    private void rollback(Planner.RollbackStep step, StringBuilder out) throws SQLException {
      PlannedMigration m = step.migration();
      header(out, m, "rollback");
      for (Instance i : step.needers()) {
        out.append("-- forced (recorded): live instance needs it: ")
            .append(i.describe())
            .append('\n');
      }
      if (!step.force() && !step.statements().outside().isEmpty()) {
        // Rollbacker reads the guard right before the statements outside the transaction.
        out.append(
            PhaseStatements.transaction(
                settings.lockTimeout(),
                "-- rollback guard: live instances in " + registry.table() + "\n"));
      }
      StringBuilder before = new StringBuilder();
      if (guarded == null) {
        guarded = registry.exists(connection);
      }
      if (guarded) {
        before
            .append(registry.lockAgainstRegistrations())
            .append(";\n-- rollback guard: live instances in ")
            .append(registry.table())
            .append('\n');
      }
      before.append(widenings());
      rows.remove(m.id());
      StringBuilder after = new StringBuilder();
      after
          .append("-- record migration ")
          .append(m.id())
          .append(" rolled back in ")
          .append(history.table())
          .append(" (its backfill cursor cleared; pending again)\n");
      if (!ProcedureHistory.declaredBy(plan, m).isEmpty()) {
        after
            .append("-- forget its procedure versions in ")
            .append(new ProcedureHistory(settings.historySchema()).table())
            .append('\n');
      }
      sync(after, SyncComposer.tablesOf(step.row().fragments()));
      out.append(
          step.statements().render(settings.lockTimeout(), before.toString(), after.toString()));
    }

    private void expand(Planner.ExpandStep step, StringBuilder out) throws SQLException {
      PlannedMigration m = step.migration();
      header(out, m, "expand");
      String before = widenings();
      Set<String> tables = SyncComposer.tablesOf(m.fragments());
      StringBuilder after = new StringBuilder();
      for (String declared : tables) {
        TableName table = TableName.parse(declared);
        if (catalog.tableExists(table)) {
          after.append(SyncComposer.lockForWriters(table)).append(";\n");
        }
      }
      HistoryRow row = HistoryRow.expanded(m);
      rows.put(m.id(), row);
      after
          .append("-- record migration ")
          .append(m.id())
          .append(" in ")
          .append(history.table())
          .append(" (phase ")
          .append(row.phase().stored())
          .append(")\n");
      m.fragments()
          .forEach(
              f -> added.computeIfAbsent(f.table(), t -> new LinkedHashSet<>()).add(f.column()));
      sync(after, tables);
      out.append(step.statements().render(settings.lockTimeout(), before, after.toString()));
    }

    private void backfill(PlannedMigration m, StringBuilder out) throws SQLException {
      header(out, m, "backfill");
      out.append("-- in batches over the primary key, each its own transaction, resumable;")
          .append(" rows written after expand are skipped\n");
      List<HistoryRow> inFlight = rows.values().stream().filter(HistoryRow::inFlight).toList();
      for (String declared : m.backfillTables()) {
        TableName table = TableName.parse(declared);
        List<SyncFragment> ups =
            m.fragments().stream()
                .filter(f -> f.direction() == Direction.UP && f.table().equals(declared))
                .toList();
        String where = "<batch key range> AND age(xmin) > age(<backfill_before>)";
        boolean fast = Backfiller.fastPath(inFlight, m.id(), declared);
        List<TableName> relations = List.of(table);
        if (Partitions.partitioned(connection, table)) {
          // The batches walk each leaf partition the catalog shows now (Backfiller.backfillTable).
          relations =
              Partitions.leaves(connection, table).stream()
                  .map(Partitions.Partition::table)
                  .toList();
          out.append("-- ")
              .append(declared)
              .append(" is partitioned: each of its ")
              .append(relations.size())
              .append(" leaf partitions in batches of its own\n");
        }
        for (TableName relation : relations) {
          StringBuilder batch =
              new StringBuilder("SET LOCAL straddle.head = '")
                  .append(Backfiller.writerHead(fast, m.id()))
                  .append("';\n");
          if (fast) {
            batch.append(BackfillSql.computeUp(relation, ups, where)).append(";\n");
          } else {
            List<Catalog.KeyColumn> key = catalog.primaryKey(table);
            String first = key.isEmpty() ? "<no primary key: backfill fails>" : key.get(0).name();
            batch.append(BackfillSql.touchRows(relation, first, where)).append(";\n");
          }
          batch.append("-- checkpoint the cursor in ").append(history.table()).append('\n');
          out.append("-- each batch of ")
              .append(relation == table ? declared : declared + ", partition " + relation)
              .append(":\n");
          out.append(PhaseStatements.transaction(settings.lockTimeout(), batch.toString()));
        }
      }
      for (IndexBuild index : m.indexes()) {
        if (index.copy()) {
          out.append(index.sql()).append(":\n");
          for (IndexCopies copy : IndexCopies.of(connection, index)) {
            out.append("-- outside any transaction (an INVALID leftover is dropped first):\n")
                .append(
                    copy.sql() == null
                        ? "-- index " + copy.original() + " cannot be copied: the run fails here"
                        : copy.sql() + ";")
                .append('\n');
          }
          continue;
        }
        if (Partitions.partitioned(connection, TableName.parse(index.table()))) {
          partitionedIndex(index, out);
          continue;
        }
        out.append("-- outside any transaction (an INVALID leftover is dropped first):\n")
            .append(index.sql())
            .append(";\n");
      }
      out.append(
          PhaseStatements.transaction(
              settings.lockTimeout(),
              "-- mark migration " + m.id() + " backfilled in " + history.table() + "\n"));
      rows.put(m.id(), rows.get(m.id()).withPhase(Phase.BACKFILLED));
    }

    /** The steps {@link IndexBuilder} runs for an index of a partitioned table. */
    private void partitionedIndex(IndexBuild index, StringBuilder out) throws SQLException {
      List<PartitionedIndex.Step> steps = PartitionedIndex.steps(connection, index);
      out.append("-- ")
          .append(index.table())
          .append(" is partitioned: index ")
          .append(index.name())
          .append(
              steps.isEmpty()
                  ? " is valid already\n"
                  : " ON ONLY it, then built concurrently on each partition and attached:\n");
      for (PartitionedIndex.Step step : steps) {
        if (step.kind() == PartitionedIndex.Kind.TRANSACTION) {
          out.append(PhaseStatements.transaction(settings.lockTimeout(), step.sql() + ";\n"));
        } else {
          out.append(step.sql()).append(";\n");
        }
      }
    }

    /**
     * The sync rebuilds, as {@link SyncComposer#rebuild} will compose them: with the columns the
     * expands planned so far add, which the catalog does not show yet.
     */
    private void sync(StringBuilder out, Set<String> tables) throws SQLException {
      for (String declared : tables) {
        TableName table = TableName.parse(declared);
        List<InFlight> inFlight = SyncComposer.inFlight(rows.values(), declared);
        boolean exists = catalog.tableExists(table);
        Set<String> columns = new LinkedHashSet<>();
        boolean triggerExists = false;
        if (exists && !inFlight.isEmpty()) {
          columns.addAll(catalog.columns(table));
          columns.addAll(added.getOrDefault(declared, Set.of()));
          Boolean known = triggers.get(declared);
          triggerExists = known != null ? known : catalog.syncTriggerExists(table);
        }
        for (String sql :
            SyncComposer.statements(
                table,
                exists,
                inFlight,
                columns,
                triggerExists,
                exists && !inFlight.isEmpty() && catalog.canReplaceTriggers())) {
          out.append(sql).append(";\n");
        }
        triggers.put(declared, exists && !inFlight.isEmpty());
      }
    }
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
}
