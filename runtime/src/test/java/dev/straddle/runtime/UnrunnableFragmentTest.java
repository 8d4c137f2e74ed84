package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.runtime.internal.SyncComposer;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sync fragment that cannot run (a misspelt column, a column dropped by hand) would make the sync
 * trigger fail every write of the running release. The runner evaluates every in-flight fragment of
 * a table inside the transaction that rebuilds its trigger (expand, contract) and rolls the phase
 * back when one fails; {@code verify} reports one that stopped working.
 */
@ExtendWith(PostgresExtension.class)
class UnrunnableFragmentTest {

  static final String T = "probe_jobs";
  final TestDatabase db;

  UnrunnableFragmentTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS "
            + T
            + "; DROP SCHEMA IF EXISTS straddle CASCADE;\n"
            + TestPlans.jobsTable(T, 200));
  }

  /** {@code @AddColumn(column, type, up)}, nullable: an ADD COLUMN and one UP fragment. */
  static PlannedMigration addWithUp(int id, String column, String type, String up) {
    return new PlannedMigration(
        id,
        "Add " + T + "." + column,
        "sha-add-" + id + "-" + column,
        List.of(
            SqlStatement.inTransaction(
                "ALTER TABLE "
                    + TestPlans.q(T)
                    + " ADD COLUMN "
                    + TestPlans.q(column)
                    + " "
                    + type)),
        List.of(),
        List.of(new SyncFragment(T, Direction.UP, column, up)),
        List.of(SchemaExpectation.columnAbsent(T, column)));
  }

  @Test
  void aTypoInAnExpressionFailsTheExpandWhichChangesNothing() throws SQLException {
    MigrationPlan plan = TestPlans.plan(addWithUp(1, "busy", "boolean", "touchs > 0"));
    String before = application();

    CliRun o = cli(plan, "expand", "--url", db.jdbcUrl());

    String all = o.toString();
    assertEquals(StraddleCli.FAILED, o.code(), all);
    assertTrue(o.err().startsWith("error kind=failed migration=1 phase=expand"), all);
    assertTrue(o.err().contains("UP " + T + ".busy := touchs > 0"), all);
    assertTrue(o.err().contains("column \"touchs\" does not exist"), all);
    assertTrue(o.err().contains("nothing of migration 1 was applied"), all);
    assertEquals(before, application(), "the table, its triggers and functions are unchanged");
    assertEquals(0, historyRows(), "the history does not record migration 1");
    try (Connection old = db.connectAsHead(0);
        Statement s = old.createStatement()) {
      s.execute("INSERT INTO " + T + " (id, queue) VALUES (5000, 'q')"); // the running release
    }
  }

  @Test
  void aValueThatNeedsAnExplicitCastIntoItsColumnFailsTheExpand() throws SQLException {
    // The sync function's assignment would fail at every write (PostgreSQL 13 through text, 't').
    MigrationPlan plan = TestPlans.plan(addWithUp(1, "busy", "integer", "touches > 0"));

    StraddleException e =
        assertThrows(
            StraddleException.class,
            () -> Straddle.configure(plan).dataSource(db.dataSource()).load().expand());

    assertEquals(StraddleException.Kind.FAILED, e.kind(), e.getMessage());
    assertEquals(ErrorCode.UNRUNNABLE_FRAGMENT, e.code());
    assertEquals(Transition.EXPAND, e.phase());
    assertTrue(
        e.getMessage()
            .contains("column \"busy\" is of type integer but expression is of type boolean"),
        e.getMessage());
    assertEquals(0, historyRows());

    MigrationPlan cast = TestPlans.plan(addWithUp(1, "busy", "integer", "(touches > 0)::int"));
    Straddle.configure(cast).dataSource(db.dataSource()).load().expand();
    assertEquals(1, historyRows());
  }

  @Test
  void aFragmentOfAMigrationInFlightThatNoLongerRunsFailsTheNextExpandOnItsTable()
      throws SQLException {
    PlannedMigration first = addWithUp(1, "plen", "integer", "length(payload)");
    Straddle.configure(TestPlans.plan(first)).dataSource(db.dataSource()).load().expand();
    TestPlans.widenSyncTriggers(db);
    db.execute("ALTER TABLE " + T + " DROP COLUMN payload"); // by hand, with 1 in flight
    String before = application();

    StraddleException e =
        assertThrows(
            StraddleException.class,
            () ->
                Straddle.configure(
                        TestPlans.plan(first, addWithUp(2, "touched", "boolean", "touches > 0")))
                    .dataSource(db.dataSource())
                    .load()
                    .expand());

    assertEquals(StraddleException.Kind.FAILED, e.kind(), e.getMessage());
    assertEquals(2, e.migrationId());
    assertTrue(e.getMessage().contains("UP " + T + ".plen := length(payload)"), e.getMessage());
    assertTrue(e.getMessage().contains("of migration 1, in flight,"), e.getMessage());
    assertTrue(e.getMessage().contains("column \"payload\" does not exist"), e.getMessage());
    assertEquals(before, application());
    assertEquals(1, historyRows(), "migration 2 is not recorded");
  }

  @Test
  void verifyReportsAnInFlightFragmentThatNoLongerRuns() throws SQLException {
    MigrationPlan plan = TestPlans.plan(addWithUp(1, "plen", "integer", "length(payload)"));
    Straddle.configure(plan).dataSource(db.dataSource()).load().expand();
    CliRun fine = cli(plan, "verify", "--url", db.jdbcUrl());
    assertEquals(StraddleCli.OK, fine.code(), fine.toString());

    TestPlans.widenSyncTriggers(db);
    db.execute("ALTER TABLE " + T + " DROP COLUMN payload");
    CliRun o = cli(plan, "verify", "--url", db.jdbcUrl());

    assertEquals(StraddleCli.REFUSED, o.code(), o.toString());
    assertTrue(
        o.out()
            .contains(
                "migration 1 (in flight): its sync fragment UP "
                    + T
                    + ".plen := length(payload) cannot run against the live table "
                    + T),
        o.toString());
    assertTrue(o.out().contains("column \\\"payload\\\" does not exist"), o.toString());
    assertTrue(o.out().contains("verify problems=1"), o.toString());
  }

  @Test
  void aContractThatWouldBreakAFragmentStillInFlightIsRolledBack() throws SQLException {
    // Migration 2 reads payload, which migration 1's contract drops (the processor refuses this
    // declaration; a hand-written plan or an older build need not).
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.rename(1, T, "payload", "body", "text"),
            addWithUp(2, "plen", "integer", "length(payload)"));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand();

    StraddleException e =
        assertThrows(
            StraddleException.class,
            () -> straddle.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE));

    assertEquals(StraddleException.Kind.FAILED, e.kind(), e.getMessage());
    assertEquals(1, e.migrationId());
    assertEquals(Transition.CONTRACT, e.phase());
    assertTrue(e.getMessage().contains("UP " + T + ".plen := length(payload)"), e.getMessage());
    assertTrue(e.getMessage().contains("column \"payload\" does not exist"), e.getMessage());
    try (Connection c = db.connect()) {
      assertEquals(
          "backfilled",
          TestPlans.text(c, "SELECT phase FROM straddle.straddle_history WHERE id = 1"));
      assertEquals(
          1,
          TestPlans.count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + T
                  + "' AND column_name = 'payload'"));
    }
    try (Connection old = db.connectAsHead(0);
        Statement s = old.createStatement()) {
      s.execute("INSERT INTO " + T + " (id, queue, payload) VALUES (5000, 'q', 'p')");
    }
  }

  /** docs/RUNTIME.md, "Undoing an expand by hand", when M is the only migration in flight. */
  @Test
  void theManualUndoOfTheOnlyMigrationInFlightLetsTheCorrectedBuildExpand() throws SQLException {
    db.execute("UPDATE " + T + " SET touches = 1 WHERE id <= 10");
    Straddle.configure(TestPlans.plan(addWithUp(1, "busy", "boolean", "touches > 0")))
        .dataSource(db.dataSource())
        .load()
        .expand();
    try (Connection c = db.connect()) {
      assertEquals(10, TestPlans.count(c, "SELECT count(*) FROM " + T + " WHERE busy"));
      assertEquals(0, TestPlans.count(c, inFlightOthers(1)), "step 2: nothing else in flight");
    }

    undo(
        1,
        "DROP TRIGGER IF EXISTS \"_straddle_sync\" ON " + T,
        "DROP FUNCTION IF EXISTS straddle_sync_" + T + "()",
        "ALTER TABLE " + T + " DROP COLUMN busy");

    MigrationPlan corrected = TestPlans.plan(addWithUp(1, "busy", "boolean", "touches > 1"));
    assertCorrectedBuildExpands(corrected);
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.count(c, "SELECT count(*) FROM " + T + " WHERE busy"));
    }
  }

  /** The same when another migration stays in flight on the table: M's blocks are cut out. */
  @Test
  void theManualUndoBesideAnotherMigrationInFlightKeepsItsSync() throws SQLException {
    PlannedMigration first = addWithUp(1, "plen", "integer", "length(payload)");
    Straddle.configure(TestPlans.plan(first, addWithUp(2, "busy", "boolean", "touches > 0")))
        .dataSource(db.dataSource())
        .load()
        .expand();
    String definition;
    try (Connection c = db.connect()) {
      assertEquals(1, TestPlans.count(c, inFlightOthers(2)), "step 2: migration 1 is in flight");
      definition =
          TestPlans.text(c, "SELECT pg_get_functiondef('straddle_sync_" + T + "'::regproc)");
    }
    String withoutM = definition.replaceAll("(?s)  -- migration 2:.*?END IF;\n", "");
    assertTrue(withoutM.contains("-- migration 1:"), withoutM);
    assertTrue(!withoutM.contains("\"busy\""), withoutM);

    undo(2, withoutM, "ALTER TABLE " + T + " DROP COLUMN busy");

    try (Connection old = db.connectAsHead(0);
        Statement s = old.createStatement()) {
      s.execute("INSERT INTO " + T + " (id, queue, payload) VALUES (5000, 'q', 'abc')");
    }
    try (Connection c = db.connect()) {
      assertEquals("3", TestPlans.text(c, "SELECT plen FROM " + T + " WHERE id = 5000"));
    }
    assertCorrectedBuildExpands(
        TestPlans.plan(first, addWithUp(2, "busy", "boolean", "touches > 1")));
  }

  /** Step 3 of the recipe for migration {@code m}, with the table-specific statements given. */
  private void undo(int m, String... statements) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL lock_timeout = '2s'");
      s.execute("LOCK TABLE " + T + " IN SHARE ROW EXCLUSIVE MODE");
      // docs/RUNTIME.md, step 3: a narrowed sync trigger first fires on every update again.
      for (String sql : SyncComposer.widenings(c)) {
        s.execute(sql);
      }
      for (String sql : statements) {
        s.execute(sql);
      }
      assertEquals(
          1,
          s.executeUpdate(
              "DELETE FROM straddle.straddle_history WHERE id = "
                  + m
                  + " AND phase <> 'contracted'"));
      c.commit();
    }
  }

  private static String inFlightOthers(int m) {
    return "SELECT count(*) FROM straddle.straddle_history WHERE phase <> 'contracted' AND id <> "
        + m
        + " AND fragments @> '[{\"table\": \""
        + T
        + "\"}]'";
  }

  /** Step 5: verify says ok (M pending again), and the corrected build expands and backfills. */
  private void assertCorrectedBuildExpands(MigrationPlan corrected) {
    CliRun verify = cli(corrected, "verify", "--url", db.jdbcUrl());
    assertEquals(StraddleCli.OK, verify.code(), verify.toString());
    CliRun expand = cli(corrected, "expand", "--url", db.jdbcUrl());
    assertEquals(StraddleCli.OK, expand.code(), expand.toString());
    CliRun after = cli(corrected, "verify", "--url", db.jdbcUrl());
    assertEquals(StraddleCli.OK, after.code(), after.toString());
  }

  private static CliRun cli(MigrationPlan plan, String... args) {
    return CliRun.run(plan, Map.of(), args);
  }

  /** The application's side: columns, constraints, triggers, functions and rows of the table. */
  private String application() throws SQLException {
    return Snapshot.of(
        db,
        List.of(
            "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_name = '"
                + T
                + "' ORDER BY ordinal_position",
            "SELECT conname || ' ' || convalidated FROM pg_constraint"
                + " WHERE conrelid = '"
                + T
                + "'::regclass ORDER BY 1",
            "SELECT tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger"
                + " WHERE tgrelid = '"
                + T
                + "'::regclass AND NOT tgisinternal ORDER BY 1",
            "SELECT proname || ' ' || md5(prosrc) FROM pg_proc"
                + " WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT sum(hashtext(t::text)) FROM " + T + " t"));
  }

  private long historyRows() throws SQLException {
    try (Connection c = db.connect()) {
      return TestPlans.count(
          c,
          "SELECT CASE WHEN to_regclass('straddle.straddle_history') IS NULL THEN 0"
              + " ELSE (xpath('/row/c/text()', query_to_xml("
              + "'SELECT count(*) AS c FROM straddle.straddle_history', false, true, '')))[1]"
              + "::text::bigint END");
    }
  }
}
