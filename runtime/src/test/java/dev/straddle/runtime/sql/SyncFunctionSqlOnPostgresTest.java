package dev.straddle.runtime.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.SyncFunctionSql.InFlight;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The composed sync function, run by PostgreSQL with awkward expressions. */
@ExtendWith(PostgresExtension.class)
class SyncFunctionSqlOnPostgresTest {

  private static final TableName T = TableName.parse("things");
  private static final Set<String> COLUMNS = Set.of("id", "status", "qty", "a", "b", "c", "note");

  @Test
  void expressionsWithLiteralsCastsAndFunctionsRunInTheTrigger(TestDatabase db)
      throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS things; CREATE TABLE things (id int PRIMARY KEY, status text, qty int, a text, b text, c text,"
            + " note text)");
    String note =
        "CASE WHEN status = 'status' THEN 'literal' ELSE lower(status) || ':' || qty::text END";
    install(db, List.of(new InFlight(3, List.of(up("note", note)))));

    try (Connection old = db.connect();
        Statement statement = old.createStatement()) {
      statement.execute("INSERT INTO things (id, status, qty) VALUES (1, 'DOING', 7)");
      statement.execute("INSERT INTO things (id, status, qty) VALUES (2, 'status', 1)");
    }
    assertEquals("doing:7", text(db, "SELECT note FROM things WHERE id = 1"));
    assertEquals("literal", text(db, "SELECT note FROM things WHERE id = 2"));
  }

  @Test
  void fragmentsOfOneMigrationAllReadTheRowAsItWasBeforeThem(TestDatabase db) throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS things; CREATE TABLE things (id int PRIMARY KEY, a text, b text, c text)");
    // c reads a, which the first fragment assigns: it must see a's value before the migration.
    install(db, List.of(new InFlight(5, List.of(up("a", "b"), up("c", "a")))));

    try (Connection old = db.connect();
        Statement statement = old.createStatement()) {
      statement.execute("INSERT INTO things (id, a, b) VALUES (1, 'old a', 'b')");
    }
    assertEquals("b|old a", text(db, "SELECT a || '|' || c FROM things"));
  }

  @Test
  void writersAtOrAboveTheMigrationGetTheDownFragments(TestDatabase db) throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS things; CREATE TABLE things (id int PRIMARY KEY, a text, b text)");
    install(
        db,
        List.of(
            new InFlight(
                4,
                List.of(
                    up("b", "\"a\""), new SyncFragment("things", Direction.DOWN, "a", "\"b\"")))));

    try (Connection fresh = db.connectAsHead(4);
        Statement statement = fresh.createStatement()) {
      statement.execute("INSERT INTO things (id, b) VALUES (1, 'new')");
    }
    try (Connection backfill = db.connectAsHead(SyncFunctionSql.BACKFILL_HEAD);
        Statement statement = backfill.createStatement()) {
      statement.execute("INSERT INTO things (id, a) VALUES (2, 'untouched')");
    }
    assertEquals("new", text(db, "SELECT a FROM things WHERE id = 1"));
    assertEquals(
        "untouched|",
        text(db, "SELECT a || '|' || coalesce(b, '') FROM things WHERE id = 2"),
        "the runner's backfill sessions are left alone");
  }

  @Test
  void writersNoFragmentAppliesToSkipTheFunctionAndAReplacedTriggerWakesThem(TestDatabase db)
      throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS things; CREATE TABLE things (id int PRIMARY KEY, a text, b text, c text)");
    List<InFlight> four = List.of(new InFlight(4, List.of(up("b", "a"))));
    install(db, four);

    assertEquals(1, callsWhileWriting(db, 3, "INSERT INTO things (id, a) VALUES (1, 'x')"));
    assertEquals(
        0, callsWhileWriting(db, 4, "INSERT INTO things (id, a, b) VALUES (2, 'y', 'own')"));
    assertEquals(0, callsWhileWriting(db, 9, "UPDATE things SET b = 'nine' WHERE id = 2"));
    assertEquals("x|x", text(db, "SELECT a || '|' || b FROM things WHERE id = 1"));
    assertEquals("y|nine", text(db, "SELECT a || '|' || b FROM things WHERE id = 2"));

    // Migration 6 comes in flight: writers at heads 4 and 5 now need its UP fragment.
    List<InFlight> both = List.of(four.get(0), new InFlight(6, List.of(up("c", "upper(a)"))));
    db.execute(SyncFunctionSql.createFunction(T, both, COLUMNS));
    db.execute(SyncFunctionSql.createTrigger(T, both, true));
    assertEquals(1, callsWhileWriting(db, 4, "INSERT INTO things (id, a) VALUES (3, 'z')"));
    assertEquals(0, callsWhileWriting(db, 6, "INSERT INTO things (id, a) VALUES (4, 'w')"));
    assertEquals(
        "z||Z",
        text(db, "SELECT a || '|' || coalesce(b, '') || '|' || c FROM things WHERE id = 3"));
  }

  @Test
  void belowTheFirstDownFragmentNoWriterEntersTheFunctionNotEvenTheOldest(TestDatabase db)
      throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS things; CREATE TABLE things (id int PRIMARY KEY, a text, b text)");
    install(
        db,
        List.of(new InFlight(5, List.of(new SyncFragment("things", Direction.DOWN, "a", "b")))));

    assertEquals(0, callsWhileWriting(db, 0, "INSERT INTO things (id, b) VALUES (1, 'old')"));
    assertEquals(0, callsWhileWriting(db, 4, "INSERT INTO things (id, b) VALUES (2, 'four')"));
    assertEquals(1, callsWhileWriting(db, 5, "INSERT INTO things (id, b) VALUES (3, 'five')"));
    assertEquals(
        "|five",
        text(db, "SELECT string_agg(coalesce(a, ''), '|' ORDER BY id) FROM things WHERE id <> 2"));
  }

  private static long callsWhileWriting(TestDatabase db, int head, String sql) throws SQLException {
    return FunctionCalls.whileWriting(db, T, head, sql);
  }

  private static SyncFragment up(String column, String expression) {
    return new SyncFragment("things", Direction.UP, column, expression);
  }

  private static void install(TestDatabase db, List<InFlight> inFlight) throws SQLException {
    db.execute(SyncFunctionSql.createFunction(T, inFlight, COLUMNS));
    db.execute(SyncFunctionSql.createTrigger(T, inFlight, false));
  }

  private static String text(TestDatabase db, String sql) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}
