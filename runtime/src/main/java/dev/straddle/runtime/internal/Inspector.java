package dev.straddle.runtime.internal;

import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.Status;
import dev.straddle.runtime.SyncFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
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

  public Inspector(MigrationPlan plan, Settings settings) {
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
   * schema they describe), and the baseline's facts that no applied migration touches.
   */
  public List<String> verify(Connection connection) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = history.read(connection);
    List<String> problems =
        new ArrayList<>(ProcedureGuard.problems(connection, schema, plan, rows));
    DriftCheck drift = new DriftCheck(connection);
    Set<String> touched = new HashSet<>();
    for (PlannedMigration m : plan.migrations()) {
      if (rows.containsKey(m.id())) {
        for (SyncFragment f : m.fragments()) {
          touched.add(f.table() + "." + f.column());
        }
        for (SchemaExpectation e : m.expectations()) {
          touched.add(e.table() + "." + e.column());
        }
      }
    }
    List<SchemaExpectation> baseline =
        plan.baseline().stream()
            .filter(e -> e.column() == null || !touched.contains(e.table() + "." + e.column()))
            .toList();
    for (String p : drift.problems(baseline)) {
      problems.add("baseline: " + p);
    }
    for (PlannedMigration m : plan.migrations()) {
      if (!rows.containsKey(m.id())) {
        for (String p : drift.problems(m.expectations())) {
          problems.add("migration " + m.id() + " (pending): " + p);
        }
        break;
      }
    }
    return problems;
  }
}
