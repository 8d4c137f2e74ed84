package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
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
 * processor would generate them.
 */
final class TestPlans {

  private TestPlans() {}

  static String q(String identifier) {
    return "\"" + identifier + "\"";
  }

  /** {@code @RenameColumn from→to} of a NOT NULL column of {@code type}. */
  static PlannedMigration rename(int id, String table, String from, String to, String type) {
    String check = table + "_" + to + "_not_null";
    return new PlannedMigration(
        id,
        "Rename " + table + "." + from + " to " + to,
        "sha-rename-" + id + "-" + table + from + to,
        List.of(
            SqlStatement.inTransaction(
                "ALTER TABLE " + q(table) + " ADD COLUMN " + q(to) + " " + type),
            SqlStatement.inTransaction(
                "ALTER TABLE "
                    + q(table)
                    + " ADD CONSTRAINT "
                    + q(check)
                    + " CHECK ("
                    + q(to)
                    + " IS NOT NULL) NOT VALID")),
        List.of(
            SqlStatement.outsideTransaction(
                "ALTER TABLE " + q(table) + " VALIDATE CONSTRAINT " + q(check)),
            SqlStatement.inTransaction(
                "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(to) + " SET NOT NULL"),
            SqlStatement.inTransaction("ALTER TABLE " + q(table) + " DROP CONSTRAINT " + q(check)),
            SqlStatement.inTransaction("ALTER TABLE " + q(table) + " DROP COLUMN " + q(from))),
        List.of(
            new SyncFragment(table, Direction.UP, to, from),
            new SyncFragment(table, Direction.DOWN, from, to)),
        List.of(
            SchemaExpectation.columnExists(table, from, type),
            SchemaExpectation.columnAbsent(table, to)));
  }

  /** {@code @AddColumn notNull, up = ...}. */
  static PlannedMigration addNotNull(int id, String table, String column, String type, String up) {
    String check = table + "_" + column + "_not_null";
    return new PlannedMigration(
        id,
        "Add " + table + "." + column,
        "sha-add-" + id + "-" + table + column,
        List.of(
            SqlStatement.inTransaction(
                "ALTER TABLE " + q(table) + " ADD COLUMN " + q(column) + " " + type),
            SqlStatement.inTransaction(
                "ALTER TABLE "
                    + q(table)
                    + " ADD CONSTRAINT "
                    + q(check)
                    + " CHECK ("
                    + q(column)
                    + " IS NOT NULL) NOT VALID")),
        List.of(
            SqlStatement.outsideTransaction(
                "ALTER TABLE " + q(table) + " VALIDATE CONSTRAINT " + q(check)),
            SqlStatement.inTransaction(
                "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(column) + " SET NOT NULL"),
            SqlStatement.inTransaction("ALTER TABLE " + q(table) + " DROP CONSTRAINT " + q(check))),
        List.of(new SyncFragment(table, Direction.UP, column, up)),
        List.of(SchemaExpectation.columnAbsent(table, column)));
  }

  /** {@code @DropColumn} with a {@code down} for old code. */
  static PlannedMigration dropWithDown(int id, String table, String column, String down) {
    return new PlannedMigration(
        id,
        "Drop " + table + "." + column,
        "sha-drop-" + id + "-" + table + column,
        List.of(),
        List.of(
            SqlStatement.inTransaction("ALTER TABLE " + q(table) + " DROP COLUMN " + q(column))),
        List.of(new SyncFragment(table, Direction.DOWN, column, down)),
        List.of(SchemaExpectation.columnExists(table, column, "")));
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
        m.expectations());
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
