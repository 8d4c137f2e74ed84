package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The index part of the {@link Preflight}: what PostgreSQL cannot do with an index on a partitioned
 * table (a constraint {@code USING} it, a foreign-table partition), and an existing relation with
 * the declared index's name that is not that index (another kind of relation, an index of another
 * table, or one defined otherwise, which {@code CREATE INDEX ... IF NOT EXISTS} would silently
 * keep). Definitions are compared by building the declared index on an empty temporary copy of the
 * table in a transaction that is rolled back at once.
 */
final class IndexPreflight {

  private final Settings settings;

  IndexPreflight(Settings settings) {
    this.settings = settings;
  }

  /**
   * Why the indexes {@code m} builds cannot be built as declared: see {@link #partitioned}, or a
   * relation of the same name that is not that index. {@code created}: tables a pending migration
   * of the run creates (not looked for in the live catalog).
   */
  List<String> problems(Connection connection, PlannedMigration m, Set<String> created)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (IndexBuild index : m.indexes()) {
      TableName table = TableName.parse(index.table());
      boolean live = !created.contains(index.table());
      if (live && "p".equals(relkind(connection, table.sql()))) {
        String problem = partitioned(connection, m, index, table);
        if (problem != null) {
          out.add(problem);
          continue;
        }
      }
      String problem = existingIndex(connection, index, table, live);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  /**
   * What PostgreSQL cannot do with {@code index} on the partitioned {@code table}, or null: {@code
   * ADD CONSTRAINT ... USING INDEX} (the contract of {@code @AddUnique}, or the primary key of a
   * widened column) on a partitioned table, and an index on a foreign-table partition.
   */
  private static String partitioned(
      Connection connection, PlannedMigration m, IndexBuild index, TableName table)
      throws SQLException {
    String using = "USING INDEX " + Identifiers.quote(index.name());
    for (SqlStatement s : m.contract()) {
      if (s.sql().contains(using)) {
        return "index "
            + index.name()
            + " of "
            + index.table()
            + " becomes a constraint at contract ("
            + s.sql()
            + "), but "
            + index.table()
            + " is a partitioned table, where PostgreSQL cannot add a constraint USING INDEX:"
            + " declare the table partitioned (partitionBy) so the processor says what to do"
            + " instead";
      }
    }
    for (Partitions.Partition leaf : Partitions.leaves(connection, table)) {
      if (leaf.foreign()) {
        return "index "
            + index.name()
            + " is to be built on the partitioned table "
            + index.table()
            + ", whose partition "
            + leaf.table()
            + " is a foreign table: PostgreSQL builds no index on it, so the parent's index"
            + " could never become valid. Leave the index out of the migration";
      }
    }
    return null;
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
    if (!"i".equals(kind) && !"I".equals(kind)) {
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
        if (!rs.getBoolean(1) && "i".equals(kind)) {
          return null; // an INVALID leftover of a failed build: dropped and rebuilt
        }
        // A partitioned table's INVALID index is kept and built on (its partitions' indexes are
        // attached to it), so its definition must be the declared one too.
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
                // a partitioned table's index: ON ONLY
                + " WHEN left(d, length(p || o || q)) = p || o || q"
                + " THEN substr(d, length(p || o || q) + 1)"
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
                + " 'pg_temp.' || quote_ident(t.relname) || ' USING ' AS r, 'ONLY ' AS o) x"
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
