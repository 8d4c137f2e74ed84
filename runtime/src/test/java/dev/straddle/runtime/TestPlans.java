package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.NotNullCheck;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Hand-built plans, following the "Operations → phases" table of docs/ARCHITECTURE.md, as the
 * processor would generate them: the statements come from the processor's own rendering in {@code
 * dev.straddle.plan.sql}, so they cannot drift from what it generates.
 */
final class TestPlans {

  private TestPlans() {}

  static String q(String identifier) {
    return "\"" + identifier + "\"";
  }

  /**
   * {@code @RenameColumn from→to} of a NOT NULL column of {@code type}, rendered as the processor
   * renders it ({@link ColumnSql}, {@link NotNullCheck}).
   */
  static PlannedMigration rename(int id, String table, String from, String to, String type) {
    TableName name = TableName.parse(table);
    List<SqlStatement> contract = new ArrayList<>(NotNullCheck.enforce(name, to));
    contract.add(ColumnSql.dropColumn(name, from));
    return new PlannedMigration(
        id,
        "Rename " + table + "." + from + " to " + to,
        "sha-rename-" + id + "-" + table + from + to,
        List.of(ColumnSql.addColumn(name, to, type, ""), NotNullCheck.add(name, to)),
        contract,
        List.of(
            new SyncFragment(table, Direction.UP, to, Identifiers.quote(from)),
            new SyncFragment(table, Direction.DOWN, from, Identifiers.quote(to))),
        List.of(
            SchemaExpectation.columnExists(table, from, type),
            SchemaExpectation.columnAbsent(table, to)));
  }

  /** {@code @AddColumn notNull, up = ...}, rendered as the processor renders it. */
  static PlannedMigration addNotNull(int id, String table, String column, String type, String up) {
    TableName name = TableName.parse(table);
    return new PlannedMigration(
        id,
        "Add " + table + "." + column,
        "sha-add-" + id + "-" + table + column,
        List.of(ColumnSql.addColumn(name, column, type, ""), NotNullCheck.add(name, column)),
        NotNullCheck.enforce(name, column),
        List.of(new SyncFragment(table, Direction.UP, column, up)),
        List.of(SchemaExpectation.columnAbsent(table, column)));
  }

  /**
   * {@code m} with its rollback: the statements {@code rollback} runs for it, as the processor
   * declares them next to its expand.
   */
  static PlannedMigration withRollback(PlannedMigration m, SqlStatement... rollback) {
    return new PlannedMigration(
        m.id(),
        m.description(),
        m.checksum(),
        m.expand(),
        m.contract(),
        m.fragments(),
        m.expectations(),
        m.indexes(),
        List.of(rollback));
  }

  /** {@code m} declared otherwise: another checksum (a corrected declaration of the same id). */
  static PlannedMigration withChecksum(PlannedMigration m, String checksum) {
    return new PlannedMigration(
        m.id(),
        m.description(),
        checksum,
        m.expand(),
        m.contract(),
        m.fragments(),
        m.expectations(),
        m.indexes(),
        m.rollback());
  }

  /** The inverse of an {@code @AddColumn}, rendered as the processor renders it (AddColumnSql). */
  static SqlStatement dropAdded(String table, String column) {
    return SqlStatement.inTransaction(
        "ALTER TABLE "
            + TableName.parse(table).sql()
            + " DROP COLUMN IF EXISTS "
            + Identifiers.quote(column));
  }

  /** {@link #addNotNull} with its rollback (the column dropped). */
  static PlannedMigration addNotNullUndoable(
      int id, String table, String column, String type, String up) {
    return withRollback(addNotNull(id, table, column, type, up), dropAdded(table, column));
  }

  /** {@code @DropColumn} with a {@code down} for old code, rendered as the processor renders it. */
  static PlannedMigration dropWithDown(int id, String table, String column, String down) {
    return new PlannedMigration(
        id,
        "Drop " + table + "." + column,
        "sha-drop-" + id + "-" + table + column,
        List.of(),
        List.of(ColumnSql.dropColumn(TableName.parse(table), column)),
        List.of(new SyncFragment(table, Direction.DOWN, column, down)),
        List.of(SchemaExpectation.columnExists(table, column, "")));
  }

  /**
   * A build of head {@code head} that declares no migration: enough to register an instance of that
   * head (a registration only says its build's head).
   */
  static MigrationPlan head(int head) {
    return new MigrationPlan() {
      @Override
      public int head() {
        return head;
      }

      @Override
      public List<PlannedMigration> migrations() {
        return List.of();
      }

      @Override
      public List<SchemaExpectation> baseline() {
        return List.of();
      }
    };
  }

  static MigrationPlan plan(PlannedMigration... migrations) {
    return plan(List.of(), migrations);
  }

  static MigrationPlan plan(List<SchemaExpectation> baseline, PlannedMigration... migrations) {
    List<PlannedMigration> sorted = new ArrayList<>(Arrays.asList(migrations));
    sorted.sort(Comparator.comparingInt(PlannedMigration::id));
    int head = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).id();
    return new MigrationPlan() {
      @Override
      public int head() {
        return head;
      }

      @Override
      public List<PlannedMigration> migrations() {
        return List.copyOf(sorted);
      }

      @Override
      public List<SchemaExpectation> baseline() {
        return baseline;
      }
    };
  }

  /** A copy of {@code m} with another checksum (an edited declaration). */
  static PlannedMigration tampered(PlannedMigration m) {
    return new PlannedMigration(
        m.id(),
        m.description(),
        m.checksum() + "-edited",
        m.expand(),
        m.contract(),
        m.fragments(),
        m.expectations(),
        m.indexes(),
        m.rollback());
  }

  /**
   * Makes every narrowed sync trigger fire on every update again, as docs/RUNTIME.md ("Undoing an
   * expand by hand") says to before dropping a column by hand.
   */
  static void widenSyncTriggers(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : dev.straddle.runtime.internal.SyncComposer.widenings(c)) {
        s.execute(sql);
      }
    }
  }

  static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String text(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Rows of a {@link #jobsTable} whose {@code qlen} is not {@code length(queue)}: 0 when filled.
   */
  static long rowsWithWrongQlen(Connection connection, String table) throws SQLException {
    return count(
        connection, "SELECT count(*) FROM " + table + " WHERE qlen IS DISTINCT FROM length(queue)");
  }

  /** A {@code jobs}-like table named {@code table} with {@code rows} rows. */
  static String jobsTable(String table, int rows) {
    return "CREATE TABLE "
        + q(table)
        + " (id bigint PRIMARY KEY, queue text NOT NULL, payload text, touches int NOT NULL"
        + " DEFAULT 0);\n"
        + "INSERT INTO "
        + q(table)
        + " (id, queue, payload) SELECT g, CASE WHEN g % 10 = 0 THEN 'urgent' ELSE 'q' || (g %"
        + " 7) END, 'p' || g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE "
        + q(table);
  }
}
