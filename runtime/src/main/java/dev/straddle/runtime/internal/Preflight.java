package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * What a run checks before it writes anything (not even the history schema), so that a refusal
 * leaves the database as it was (docs/RUNTIME.md, "Preflight"):
 *
 * <ul>
 *   <li>the drift of the first pending migration (later ones are checked again before their own
 *       expand, once the earlier ones are applied);
 *   <li>a backfill on a table without a primary key (the backfill walks the key in batches);
 *   <li>on a partitioned table, a backfill or an index build with a foreign-table partition, and an
 *       index that becomes a constraint {@code USING} it at contract (PostgreSQL cannot do either);
 *   <li>an existing relation with the name of an index to build that is not that index: another
 *       kind of relation, an index of another table, or an index defined otherwise ({@code CREATE
 *       INDEX ... IF NOT EXISTS} would silently keep it).
 * </ul>
 *
 * A table that a pending migration of this run creates ({@code @CreateTable}, which always declares
 * a primary key) is not looked for in the live catalog.
 */
final class Preflight {

  private final MigrationPlan plan;
  private final Settings settings;

  Preflight(MigrationPlan plan, Settings settings) {
    this.plan = plan;
    this.settings = settings;
  }

  /**
   * Throws a refusal naming the first migration at fault and all its problems. {@code expands}: the
   * run expands the pending migrations; {@code backfills}: it backfills the expanded ones.
   */
  void check(
      Connection connection,
      SortedMap<Integer, HistoryRow> rows,
      boolean expands,
      boolean backfills)
      throws SQLException {
    scan(
        connection,
        rows,
        expands,
        backfills,
        true,
        (m, phase, problems, drift) -> {
          throw drift
              ? StraddleException.in(m.id(), phase, ErrorCode.DRIFT, ErrorCode.list(problems))
              : StraddleException.in(m.id(), phase, ErrorCode.PREFLIGHT, ErrorCode.list(problems));
        });
  }

  /**
   * What {@code verify} reports: every problem for which a run that expands and backfills would be
   * refused, but drift, which {@code verify} lists itself. Reads only (the index comparison's
   * temporary table lives in a transaction that is rolled back).
   */
  List<Problem> problems(Connection connection, SortedMap<Integer, HistoryRow> rows)
      throws SQLException {
    List<Problem> out = new ArrayList<>();
    scan(
        connection,
        rows,
        true,
        true,
        false,
        (m, phase, problems, drift) ->
            problems.forEach(
                p ->
                    out.add(
                        new Problem(
                            drift ? ErrorCode.DRIFT : ErrorCode.PREFLIGHT,
                            "migration " + m.id() + " (" + phase + " would be refused): " + p))));
    return out;
  }

  @FunctionalInterface
  private interface Found {
    void accept(PlannedMigration m, Transition phase, List<String> problems, boolean drift);
  }

  private void scan(
      Connection connection,
      SortedMap<Integer, HistoryRow> rows,
      boolean expands,
      boolean backfills,
      boolean withDrift,
      Found found)
      throws SQLException {
    Set<String> created = new HashSet<>();
    boolean first = true;
    for (PlannedMigration m : plan.migrations()) {
      HistoryRow row = rows.get(m.id());
      boolean pending = row == null;
      if (pending) {
        m.expectations().stream()
            .filter(e -> e.subject() == SchemaExpectation.Subject.TABLE && !e.present())
            .forEach(e -> created.add(e.table()));
      }
      boolean inScope = pending ? expands : backfills && row.phase() == Phase.EXPANDED;
      if (!inScope) {
        continue;
      }
      if (pending && first) {
        first = false;
        List<String> drift = withDrift ? drift(connection, rows, m) : List.of();
        if (!drift.isEmpty()) {
          found.accept(m, Transition.EXPAND, drift, true);
          return;
        }
      }
      if (pending) {
        List<PlannedMigration> earlierPending =
            plan.migrations().stream().filter(o -> !rows.containsKey(o.id())).toList();
        List<String> renames =
            TableRenames.problems(m, earlierPending, "pending, expanded by this run");
        if (!renames.isEmpty()) {
          found.accept(m, Transition.EXPAND, renames, true);
          return;
        }
      }
      List<String> problems = new ArrayList<>();
      if (!pending) {
        problems.addAll(cursor(connection, m));
      }
      problems.addAll(backfillKeys(connection, m, created));
      problems.addAll(new IndexPreflight(settings).problems(connection, m, created));
      if (!problems.isEmpty()) {
        found.accept(m, pending ? Transition.EXPAND : Transition.BACKFILL, problems, false);
      }
    }
  }

  /**
   * The first pending migration's drift, leaving out "column absent" facts on tables with a
   * migration in flight: a {@code migrate} may contract one of those (dropping the column) before
   * it expands; they are checked before the expand itself.
   */
  private List<String> drift(
      Connection connection, SortedMap<Integer, HistoryRow> rows, PlannedMigration m)
      throws SQLException {
    Set<String> inFlightTables = new HashSet<>();
    for (HistoryRow r : rows.values()) {
      if (r.inFlight()) {
        r.fragments().stream().map(SyncFragment::table).forEach(inFlightTables::add);
      }
    }
    List<SchemaExpectation> now =
        m.expectations().stream()
            .filter(e -> e.present() || e.column() == null || !inFlightTables.contains(e.table()))
            .toList();
    List<String> out =
        new ArrayList<>(
            new DriftCheck(connection)
                .problems(now, DriftCheck.uncontracted(plan.migrations(), rows)));
    out.addAll(ProcedureHistory.existing(connection, plan, m));
    return out;
  }

  /**
   * The stored backfill cursor of an expanded migration, checked before the backfill resumes from
   * it: its table is one the migration backfills, {@code done} a boolean, {@code after} one value
   * of the key's type per primary-key column.
   */
  private List<String> cursor(Connection connection, PlannedMigration m) throws SQLException {
    String table = new History(settings.historySchema()).table();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c->>'table', jsonb_typeof(c->'done'), jsonb_typeof(c->'after'),"
                + " ARRAY(SELECT jsonb_array_elements_text(CASE jsonb_typeof(c->'after')"
                + " WHEN 'array' THEN c->'after' ELSE '[]' END)), c::text,"
                + " jsonb_typeof(c->'partitions_done'), jsonb_typeof(c->'partition'),"
                + " jsonb_typeof(c->'partitions')"
                + " FROM (SELECT backfill_cursor AS c FROM "
                + table
                + " WHERE id = ? AND backfill_cursor IS NOT NULL) x")) {
      statement.setInt(1, m.id());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        String cursorTable = rs.getString(1);
        String doneType = rs.getString(2);
        String afterType = rs.getString(3);
        String[] after = (String[]) rs.getArray(4).getArray();
        String stored = rs.getString(5);
        String doneListType = rs.getString(6);
        String partitionType = rs.getString(7);
        String partitionsType = rs.getString(8);
        String problem;
        if (cursorTable == null || !m.backfillTables().contains(cursorTable)) {
          problem =
              "backfill_cursor.table is "
                  + (cursorTable == null ? "missing" : "'" + cursorTable + "'")
                  + ", not a table the migration backfills "
                  + m.backfillTables();
        } else if (doneType != null && !doneType.equals("boolean") && !doneType.equals("null")) {
          problem = "backfill_cursor.done is a " + doneType + ", not a boolean";
        } else if (afterType != null && !afterType.equals("array") && !afterType.equals("null")) {
          problem = "backfill_cursor.after is a " + afterType + ", not an array of key values";
        } else if (doneListType != null && !doneListType.equals("array")) {
          problem = "backfill_cursor.partitions_done is a " + doneListType + ", not an array";
        } else if (partitionType != null
            && !partitionType.equals("string")
            && !partitionType.equals("null")) {
          problem = "backfill_cursor.partition is a " + partitionType + ", not a partition's name";
        } else if (partitionsType != null && !partitionsType.equals("object")) {
          problem = "backfill_cursor.partitions is a " + partitionsType + ", not an object";
        } else {
          problem = keyValues(connection, TableName.parse(cursorTable), after);
          if (problem == null && partitionsType != null) {
            problem = partitionPositions(connection, table, m.id(), cursorTable);
          }
        }
        if (problem == null) {
          return List.of();
        }
        return List.of(
            "the backfill cursor stored in "
                + table
                + " for migration "
                + m.id()
                + " is corrupt: "
                + problem
                + " (stored: "
                + stored
                + "). The backfill resumes from it, so nothing was run. Clearing it (UPDATE "
                + table
                + " SET backfill_cursor = NULL WHERE id = "
                + m.id()
                + ") restarts the migration's backfill from its first row: rows done already"
                + " are rewritten again, harmlessly");
      }
    }
  }

  /**
   * Why a per-partition cursor's entries ({@code backfill_cursor.partitions}, written by {@link
   * PartitionWorkers}) cannot be resumed from, or null: each must be an object with {@code after}
   * an array of key values and {@code done} a boolean.
   */
  private static String partitionPositions(
      Connection connection, String history, int id, String cursorTable) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT p.key, jsonb_typeof(p.value), jsonb_typeof(p.value->'after'),"
                + " jsonb_typeof(p.value->'done'), ARRAY(SELECT jsonb_array_elements_text(CASE"
                + " jsonb_typeof(p.value->'after') WHEN 'array' THEN p.value->'after' ELSE '[]'"
                + " END)) FROM "
                + history
                + ", jsonb_each(backfill_cursor->'partitions') p WHERE id = ?")) {
      statement.setInt(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String field = "backfill_cursor.partitions[" + rs.getString(1) + "]";
          if (!"object".equals(rs.getString(2))) {
            return field + " is a " + rs.getString(2) + ", not an object";
          }
          if (!"array".equals(rs.getString(3))) {
            return field + ".after is " + rs.getString(3) + ", not an array of key values";
          }
          if (!"boolean".equals(rs.getString(4))) {
            return field + ".done is " + rs.getString(4) + ", not a boolean";
          }
          String problem =
              keyValues(
                  connection, TableName.parse(cursorTable), (String[]) rs.getArray(5).getArray());
          if (problem != null) {
            return field + ": " + problem;
          }
        }
      }
    }
    return null;
  }

  /** Why {@code values} are not a key of {@code table} (as text), or null when they are. */
  private static String keyValues(Connection connection, TableName table, String[] values)
      throws SQLException {
    if (values.length == 0) {
      return null;
    }
    List<Catalog.KeyColumn> key = new Catalog(connection).primaryKey(table);
    if (key.isEmpty()) {
      return null; // reported as a table without a primary key
    }
    if (values.length != key.size()) {
      return "backfill_cursor.after has "
          + values.length
          + " values, the primary key of "
          + table
          + " has "
          + key.size()
          + " columns";
    }
    for (int i = 0; i < values.length; i++) {
      String field = "backfill_cursor.after[" + i + "]";
      Catalog.KeyColumn column = key.get(i);
      if (values[i] == null) {
        return field + " is null, not a value of key column " + column.name();
      }
      try (PreparedStatement cast =
          connection.prepareStatement("SELECT CAST(? AS " + column.type() + ")")) {
        cast.setString(1, values[i]);
        cast.executeQuery().close();
        if (INTEGERS.contains(column.type())) {
          Long.parseLong(values[i]); // how the integer batches read it
        }
      } catch (NumberFormatException e) {
        return field
            + " = '"
            + values[i]
            + "' is not written as a plain integer (key column "
            + column.name()
            + " of "
            + table
            + ")";
      } catch (SQLException e) {
        return field
            + " = '"
            + values[i]
            + "' is not a "
            + column.type()
            + " (key column "
            + column.name()
            + " of "
            + table
            + "): "
            + e.getMessage();
      }
    }
    return null;
  }

  private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

  private static List<String> backfillKeys(
      Connection connection, PlannedMigration m, Set<String> created) throws SQLException {
    List<String> out = new ArrayList<>();
    Catalog catalog = new Catalog(connection);
    for (String declared : m.backfillTables()) {
      TableName table = TableName.parse(declared);
      if (created.contains(declared) || !catalog.tableExists(table)) {
        continue; // created with a primary key by this run, or drift reports it
      }
      if (Partitions.partitioned(connection, table)) {
        for (Partitions.Partition leaf : Partitions.leaves(connection, table)) {
          if (leaf.foreign()) {
            out.add(
                "partition "
                    + leaf.table()
                    + " of "
                    + declared
                    + " is a foreign table, which the backfill cannot walk (no primary key, no"
                    + " row versions): detach it for the backfill, or fill its rows by hand");
          }
        }
      }
      if (catalog.primaryKey(table).isEmpty()) {
        out.add(
            "table "
                + declared
                + " has no primary key, and the backfill walks the primary key in batches: add a"
                + " primary key to "
                + declared
                + " first (in its own migration or by hand), then run again");
      }
    }
    return out;
  }
}
