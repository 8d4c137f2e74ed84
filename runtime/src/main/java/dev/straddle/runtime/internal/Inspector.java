package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The read-only commands: status and verify. They take no lock and create nothing. */
public final class Inspector {

  private final MigrationPlan plan;
  private final History history;
  private final Registry registry;
  private final String schema;
  private final Duration lockTimeout;
  private final Settings settings;

  public Inspector(MigrationPlan plan, Settings settings) {
    this.settings = settings;
    this.lockTimeout = settings.lockTimeout();
    this.plan = plan;
    this.history = new History(settings.historySchema());
    this.registry = new Registry(settings.historySchema());
    this.schema = settings.historySchema();
  }

  public Status status(Connection connection) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    Map<Integer, PlannedMigration> known = HistoryGuard.byId(plan);
    Set<Integer> ids = new TreeSet<>(known.keySet());
    ids.addAll(rows.keySet());
    List<MigrationState> states = new ArrayList<>();
    for (int id : ids) {
      PlannedMigration m = known.get(id);
      HistoryRow row = rows.get(id);
      states.add(
          new MigrationState(
              id,
              m != null ? m.description() : row.description(),
              row == null ? Phase.PENDING : row.phase(),
              m != null,
              m == null || row == null || m.checksum().equals(row.checksum()),
              row == null ? 0 : row.backfillRows(),
              row == null ? null : row.backfillCursor()));
    }
    return new Status(
        plan.head(),
        states,
        ProcedureGuard.problems(connection, schema, plan, rows),
        registry.live(connection));
  }

  /**
   * Checksums and unknown migrations (as {@link HistoryGuard}), the expectations of the next
   * pending migration (later ones are checked at their own expand, since earlier expands change the
   * schema they describe), and the baseline's facts that no applied migration touches (a column it
   * changes, an index it drops or renames), and the partitioning of the tables applied migrations
   * created ({@link CreatedTables}).
   */
  public List<Problem> verify(Connection connection) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    List<Problem> problems =
        new ArrayList<>(ProcedureGuard.problems(connection, schema, plan, rows));
    DriftCheck drift = new DriftCheck(connection);
    Set<String> touched = new HashSet<>();
    for (PlannedMigration m : plan.migrations()) {
      if (rows.containsKey(m.id())) {
        for (SyncFragment f : m.fragments()) {
          touched.add(f.table() + "." + f.column());
        }
        for (SchemaExpectation e : m.expectations()) {
          if (e.subject() == SchemaExpectation.Subject.INDEX) {
            touched.add("index " + e.index()); // dropped or renamed by it
          } else {
            touched.add(e.table() + "." + e.column());
          }
          if (e.subject() == SchemaExpectation.Subject.ENUM) {
            touched.add(e.table() + ".null"); // its labels may have changed since the baseline
          }
        }
      }
    }
    // A table an applied migration renamed (or a contracted one dropped) is no longer there
    // under its baseline name.
    Set<String> gone = new HashSet<>();
    for (PlannedMigration m : plan.migrations()) {
      HistoryRow row = rows.get(m.id());
      if (row != null) {
        gone.addAll(TableRenames.renamed(m));
        if (row.phase() == Phase.CONTRACTED) {
          gone.addAll(TableRenames.dropped(m));
        }
      }
    }
    List<SchemaExpectation> baseline =
        plan.baseline().stream()
            .filter(e -> e.index() == null || !touched.contains("index " + e.index()))
            .filter(
                e ->
                    e.subject() == SchemaExpectation.Subject.ENUM
                        ? !touched.contains(e.table() + ".null")
                        : e.column() == null || !touched.contains(e.table() + "." + e.column()))
            .filter(
                e ->
                    e.subject() == SchemaExpectation.Subject.ENUM
                        || e.subject() == SchemaExpectation.Subject.FUNCTION
                        || !gone.contains(TableName.parse(e.table()).sql()))
            .toList();
    for (String p : drift.problems(baseline)) {
      problems.add(new Problem(ErrorCode.DRIFT, "baseline: " + p));
    }
    // How the tables applied migrations created are partitioned, as their CREATE TABLE said.
    for (PlannedMigration m : plan.migrations()) {
      if (rows.containsKey(m.id())) {
        List<SchemaExpectation> created =
            CreatedTables.partitioning(m).stream()
                .filter(e -> !gone.contains(TableName.parse(e.table()).sql()))
                .toList();
        for (String p : drift.problems(created)) {
          problems.add(new Problem(ErrorCode.DRIFT, "migration " + m.id() + ": " + p));
        }
      }
    }
    for (PlannedMigration m : plan.migrations()) {
      if (!rows.containsKey(m.id())) {
        for (String p :
            drift.problems(m.expectations(), DriftCheck.uncontracted(plan.migrations(), rows))) {
          problems.add(new Problem(ErrorCode.DRIFT, "migration " + m.id() + " (pending): " + p));
        }
        break;
      }
    }
    problems.addAll(unrunnableFragments(connection, rows));
    problems.addAll(new Preflight(plan, settings).problems(connection, rows));
    return problems;
  }

  /**
   * The in-flight sync fragments (from the history, as the sync functions are composed) that cannot
   * run against their live table, e.g. because a column they read was dropped by hand: every write
   * that runs the sync function fails. Each probe reads no row and waits for a lock at most the
   * lock timeout.
   */
  private List<Problem> unrunnableFragments(
      Connection connection, TreeMap<Integer, HistoryRow> rows) throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    rows.values().stream()
        .filter(HistoryRow::inFlight)
        .forEach(row -> tables.addAll(SyncComposer.tablesOf(row.fragments())));
    List<Problem> out = new ArrayList<>();
    Catalog catalog = new Catalog(connection);
    for (String declared : tables) {
      TableName table = TableName.parse(declared);
      if (!catalog.tableExists(table)) {
        continue; // the drift checks report tables that should exist
      }
      List<FragmentProbe.Failure> failures;
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET lock_timeout = '" + lockTimeout.toMillis() + "ms'");
        try {
          failures =
              FragmentProbe.failures(
                  connection, table, SyncComposer.inFlight(rows.values(), declared));
        } catch (SQLException e) {
          out.add(
              new Problem(
                  ErrorCode.UNRUNNABLE_FRAGMENT,
                  "sync fragments on " + declared + " could not be checked: " + e.getMessage()));
          continue;
        } finally {
          statement.execute("RESET lock_timeout");
        }
      }
      for (FragmentProbe.Failure f : failures) {
        out.add(
            new Problem(
                ErrorCode.UNRUNNABLE_FRAGMENT,
                "migration "
                    + f.migrationId()
                    + " (in flight): its sync fragment "
                    + f.fragmentText()
                    + " cannot run against the live table "
                    + declared
                    + ", so every write that runs the sync trigger fails: "
                    + f.reason()));
      }
    }
    return out;
  }
}
