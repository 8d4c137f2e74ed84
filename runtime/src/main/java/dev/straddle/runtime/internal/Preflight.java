package dev.straddle.runtime.internal;

import dev.straddle.runtime.IndexBuild;
import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 *   <li>an index build on a partitioned table ({@code CREATE INDEX CONCURRENTLY} cannot build one);
 *   <li>an existing relation with the name of an index to build that is not that index: another
 *       kind of relation, an index of another table, or an index defined otherwise ({@code CREATE
 *       INDEX ... IF NOT EXISTS} would silently keep it).
 * </ul>
 *
 * A table that a pending migration of this run creates ({@code @CreateTable}, which always declares
 * a primary key and never a partitioned table) is not looked for in the live catalog.
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
          throw StraddleException.refused(
              drift
                  ? "the live schema is not what the migration declares, so nothing was applied:\n"
                      + "  - "
                      + String.join("\n  - ", problems)
                  : "refused before changing anything:\n  - " + String.join("\n  - ", problems),
              m.id(),
              phase);
        });
  }

  /**
   * What {@code verify} reports: every problem for which a run that expands and backfills would be
   * refused, but drift, which {@code verify} lists itself. Reads only (the index comparison's
   * temporary table lives in a transaction that is rolled back).
   */
  List<String> problems(Connection connection, SortedMap<Integer, HistoryRow> rows)
      throws SQLException {
    List<String> out = new ArrayList<>();
    scan(
        connection,
        rows,
        true,
        true,
        false,
        (m, phase, problems, drift) ->
            problems.forEach(
                p -> out.add("migration " + m.id() + " (" + phase + " would be refused): " + p)));
    return out;
  }

  @FunctionalInterface
  private interface Found {
    void accept(PlannedMigration m, String phase, List<String> problems, boolean drift);
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
            .filter(e -> e.column() == null && !e.present())
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
          found.accept(m, "expand", drift, true);
          return;
        }
      }
      List<String> problems = new ArrayList<>();
      if (!pending) {
        problems.addAll(cursor(connection, m));
      }
      problems.addAll(backfillKeys(connection, m, created));
      problems.addAll(indexes(connection, m, created));
      if (!problems.isEmpty()) {
        found.accept(m, pending ? "expand" : "backfill", problems, false);
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
    List<String> out = new ArrayList<>(new DriftCheck(connection).problems(now));
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
                + " WHEN 'array' THEN c->'after' ELSE '[]' END)), c::text"
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
        } else {
          problem = keyValues(connection, TableName.parse(cursorTable), after);
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

  private static List<String> backfillKeys(
      Connection connection, PlannedMigration m, Set<String> created) throws SQLException {
    List<String> out = new ArrayList<>();
    Catalog catalog = new Catalog(connection);
    for (String declared : m.backfillTables()) {
      TableName table = TableName.parse(declared);
      if (created.contains(declared) || !catalog.tableExists(table)) {
        continue; // created with a primary key by this run, or drift reports it
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

  private List<String> indexes(Connection connection, PlannedMigration m, Set<String> created)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (IndexBuild index : m.indexes()) {
      TableName table = TableName.parse(index.table());
      boolean live = !created.contains(index.table());
      if (live && "p".equals(relkind(connection, table.sql()))) {
        out.add(
            "index "
                + index.name()
                + " is to be built on "
                + index.table()
                + ", a partitioned table: Straddle builds indexes with CREATE INDEX CONCURRENTLY,"
                + " which PostgreSQL cannot do on a partitioned table (not supported yet). Build"
                + " it by hand (on each partition concurrently, then ATTACH) and leave it out of"
                + " the migration");
        continue;
      }
      String problem = existingIndex(connection, index, table, live);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  private static String relkind(Connection connection, String regclass) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
      statement.setString(1, regclass);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** What stands in the way of building {@code index} under its name, or null. */
  private String existingIndex(
      Connection connection, IndexBuild index, TableName table, boolean tableLive)
      throws SQLException {
    String qualified = table.qualify(index.name());
    String kind = relkind(connection, qualified);
    if (kind == null) {
      return null;
    }
    String name = "index " + index.name() + " of " + index.table();
    if (!"i".equals(kind)) {
      return name
          + " is to be built, but a relation of that name (relkind '"
          + kind
          + "') already exists: rename it or give the index another name";
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT i.indisvalid, i.indrelid = to_regclass(?), i.indrelid::regclass::text"
                + " FROM pg_index i WHERE i.indexrelid = to_regclass(?)")) {
      statement.setString(1, table.sql());
      statement.setString(2, qualified);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        if (!tableLive || !rs.getBoolean(2)) {
          return name
              + " is to be built, but an index of that name already exists on table "
              + rs.getString(3)
              + ": CREATE INDEX IF NOT EXISTS would keep it. Drop or rename it, or give the"
              + " declared index another name";
        }
        if (!rs.getBoolean(1)) {
          return null; // an INVALID leftover of a failed build: dropped and rebuilt
        }
      }
    }
    String declared = declaredDefinition(connection, index, table);
    String existing = definition(connection, qualified);
    if (declared == null || !declared.equals(existing)) {
      return name
          + " already exists with another definition ("
          + fullDefinition(connection, qualified)
          + "; declared: "
          + index.sql()
          + "): CREATE INDEX IF NOT EXISTS would keep the old one. Drop it (DROP INDEX CONCURRENTLY)"
          + " or give the declared index another name";
    }
    return null;
  }

  private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");
  private static final String TEMP_TABLE = "straddle_preflight";
  private static final String TEMP_INDEX = "straddle_preflight_index";

  /**
   * The declared index's definition as PostgreSQL spells it (from {@code USING} on, uniqueness
   * first), built on an empty temporary copy of the table's columns in a transaction rolled back at
   * once. Null when the statement is not of the form {@code IndexSql.create} writes.
   */
  private String declaredDefinition(Connection connection, IndexBuild index, TableName table)
      throws SQLException {
    String marker = "INDEX CONCURRENTLY IF NOT EXISTS ";
    String on = " ON " + table.sql() + " ";
    int at = index.sql().indexOf(marker);
    int onAt = index.sql().indexOf(on, at);
    if (at < 0 || onAt < 0) {
      return null;
    }
    String create =
        index.sql().substring(0, at)
            + "INDEX "
            + TEMP_INDEX
            + " ON pg_temp."
            + TEMP_TABLE
            + " "
            + index.sql().substring(onAt + on.length());
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
      statement.execute(
          "CREATE TEMP TABLE " + TEMP_TABLE + " (LIKE " + table.sql() + ") ON COMMIT DROP");
      statement.execute(create);
      return definition(connection, "pg_temp." + TEMP_INDEX);
    } catch (SQLException e) {
      if ("55P03".equals(e.getSQLState())) {
        throw e; // lock timeout: a failure, not an answer
      }
      // The declared index cannot be built on the table as it is now (it indexes a column a
      // pending migration adds, say): the existing index cannot be the same.
      return null;
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * An index's definition without its name and table: uniqueness, then {@code pg_get_indexdef} from
   * the access method on ({@code btree (a, b) WHERE (...)}).
   */
  private static String definition(Connection connection, String regclass) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT i.indisunique::text || ' ' || CASE"
                + " WHEN left(d, length(p || q)) = p || q THEN substr(d, length(p || q) + 1)"
                + " WHEN left(d, length(p || r)) = p || r THEN substr(d, length(p || r) + 1)"
                + " ELSE d END"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace,"
                + " LATERAL (SELECT pg_get_indexdef(i.indexrelid) AS d,"
                + " 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '"
                + " || quote_ident(ic.relname) || ' ON ' AS p,"
                + " quote_ident(n.nspname) || '.' || quote_ident(t.relname) || ' USING ' AS q,"
                // PostgreSQL 14 and later call this session's temporary schema pg_temp
                + " 'pg_temp.' || quote_ident(t.relname) || ' USING ' AS r) x"
                + " WHERE i.indexrelid = to_regclass(?)")) {
      statement.setString(1, regclass);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String fullDefinition(Connection connection, String regclass) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_get_indexdef(to_regclass(?))")) {
      statement.setString(1, regclass);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
