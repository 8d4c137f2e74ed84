package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.Irreversible;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code rollback} (docs/ARCHITECTURE.md, "Rollback"): an expand that broke the old release's
 * writes is undone while old code writes, the old writes work again and the corrected build
 * expands; the sync triggers are rebuilt from what stays in flight; every refusal changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class RollbackTest {

  static final int ROWS = 2000;
  final TestDatabase db;

  RollbackTest(TestDatabase db) {
    this.db = db;
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofSeconds(1))
        .batchRows(100, 200)
        .load();
  }

  CliRun cli(MigrationPlan plan, String schema, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--schema", schema));
    if (!db.password().isEmpty()) {
      all.addAll(List.of("--password", db.password()));
    }
    return CliRun.run(plan, Map.of(), all.toArray(String[]::new));
  }

  /**
   * Everything a rollback could change on {@code table} and in history schema {@code schema}:
   * columns, constraints, triggers, sync functions, history rows and procedure records.
   */
  String snapshot(String table, String schema) throws SQLException {
    return Snapshot.of(
        db,
        List.of(
            "SELECT column_name || ' ' || is_nullable FROM information_schema.columns WHERE"
                + " table_name = '"
                + table
                + "' ORDER BY 1",
            "SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid = '"
                + table
                + "'::regclass ORDER BY 1",
            "SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal AND tgrelid"
                + " = '"
                + table
                + "'::regclass ORDER BY 1",
            "SELECT p.oid::regprocedure || ' ' || md5(prosrc) FROM pg_proc p WHERE proname ="
                + " 'straddle_sync_"
                + table
                + "'",
            "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM"
                + " information_schema.columns WHERE table_schema = '"
                + schema
                + "' AND table_name = 'straddle_history'",
            "SELECT h::text FROM " + schema + ".straddle_history h ORDER BY id"));
  }

  String query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  long number(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  boolean columnExists(String table, String column) throws SQLException {
    return number(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                + table
                + "' AND column_name = '"
                + column
                + "'")
        > 0;
  }

  long syncTriggers(String table) throws SQLException {
    return number(
        "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
            + table
            + "'::regclass");
  }

  String syncFunction(String table) throws SQLException {
    return query("SELECT prosrc FROM pg_proc WHERE proname = 'straddle_sync_" + table + "'");
  }

  /** Old code's write of an urgent job with a new id (what the broken {@code up} fails). */
  static void insertUrgent(Connection old, String table, long id) throws SQLException {
    try (Statement s = old.createStatement()) {
      s.execute(
          "INSERT INTO " + table + " (id, queue, payload) VALUES (" + id + ", 'urgent', 'x')");
    }
  }

  /**
   * Old code (head 4), writing the old shape: inserts of ordinary jobs and updates of the first
   * 1000 rows, which neither the broken nor the fixed {@code up} fails.
   */
  Writer oldWriter(String table) {
    return new Writer(
        db,
        4,
        1000,
        (c, newId, existingId, queue) -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO " + table + " (id, queue, payload) VALUES (?, ?, 'w')")) {
            s.setLong(1, newId);
            s.setString(2, "q" + newId % 7);
            s.executeUpdate();
          }
        },
        (c, newId, existingId, queue) -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE " + table + " SET payload = 'u' WHERE id = ?")) {
            s.setLong(1, existingId);
            s.executeUpdate();
          }
        });
  }

  /**
   * The scenario. Migration 5 adds NOT NULL {@code qlen} with an {@code up} that yields
   * NULL for urgent jobs above id 1000: the old release's writes of urgent jobs now fail, and the
   * backfill stops part way (a cursor is left). {@code rollback} (with an old-code instance
   * registered and old-code writers running through it, without one error) drops the column and the
   * sync trigger and records the rollback; old writes of urgent jobs work again; the startup guard
   * refuses the broken build and accepts the old one; a second rollback changes nothing; the
   * corrected build (same id, another checksum) expands and backfills cleanly.
   */
  @Test
  void brokenExpandRolledBackWhileOldCodeWritesThenTheFixedBuildExpands() throws Exception {
    String t = "rb_e2e";
    String h = "hist_rb_e2e";
    db.execute(TestPlans.jobsTable(t, ROWS));
    PlannedMigration broken =
        TestPlans.addNotNullUndoable(
            5,
            t,
            "qlen",
            "integer",
            "CASE WHEN queue = 'urgent' AND id > 1000 THEN NULL ELSE length(queue) END");
    MigrationPlan brokenBuild = TestPlans.plan(broken);
    Straddle straddle = straddle(brokenBuild, h);

    StraddleException failed = assertThrows(StraddleException.class, straddle::expand);
    assertEquals(Transition.BACKFILL, failed.phase(), failed.getMessage());
    assertEquals(5, failed.migrationId());
    assertEquals("expanded", query("SELECT phase FROM " + h + ".straddle_history WHERE id = 5"));
    assertNotNull(
        query("SELECT backfill_cursor::text FROM " + h + ".straddle_history WHERE id = 5"),
        "the backfill stopped part way, its cursor checkpointed");
    assertTrue(number("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = 5") > 0);
    try (Connection old = db.connectAsHead(4)) {
      SQLException broke = assertThrows(SQLException.class, () -> insertUrgent(old, t, 900_001));
      assertEquals("23514", broke.getSQLState(), broke.getMessage());
    }

    String dryRun = straddle.planRollback(straddle.defaultRollbackTo(), RollbackPolicy.GUARDED);
    assertTrue(dryRun.contains("-- migration 5 (Add " + t + ".qlen): rollback"), dryRun);
    assertTrue(
        dryRun.contains("ALTER TABLE \"" + t + "\" DROP COLUMN IF EXISTS \"qlen\";"), dryRun);
    assertTrue(dryRun.contains("DROP TRIGGER IF EXISTS \"_straddle_sync\""), dryRun);
    assertTrue(dryRun.contains("-- record migration 5 rolled back"), dryRun);
    assertTrue(columnExists(t, "qlen"), "the dry run changes nothing");

    Writer writer = oldWriter(t).start();
    RunResult rolledBack;
    try (Registration oldInstance =
        InstanceRegistryTest.fast(db.dataSource(), 4, h, "jobs-old")
            .load()
            .instanceRegistry()
            .register()) {
      writer.awaitMore(50);
      rolledBack = straddle.rollback();
      writer.awaitMore(50);
    } finally {
      writer.stop();
    }
    assertEquals(List.of(), writer.errors, "old code's writes through the rollback");
    assertEquals(List.of("5 rolled-back"), rolledBack.stepTexts());

    assertFalse(columnExists(t, "qlen"));
    assertEquals(0, syncTriggers(t));
    assertNull(syncFunction(t));
    assertEquals(
        "rolled_back|" + broken.checksum() + "|true|false|null|0|null",
        query(
            "SELECT phase || '|' || rolled_back_checksum || '|' || (rolled_back_by ="
                + " current_user) || '|' || rollback_forced || '|' || coalesce(backfill_cursor::text,"
                + " 'null') || '|' || backfill_rows || '|' || coalesce(rollback_forced_over, 'null')"
                + " FROM "
                + h
                + ".straddle_history WHERE id = 5"));
    assertNotNull(query("SELECT rolled_back_at FROM " + h + ".straddle_history WHERE id = 5"));
    assertEquals(Phase.PENDING, straddle.status().migrations().get(0).phase());
    try (Connection old = db.connectAsHead(4)) {
      insertUrgent(old, t, 900_002);
    }

    // The compatibility window: the database no longer has migration 5.
    StraddleException refused =
        assertThrows(StraddleException.class, () -> straddle.unregisteredStartupGuard().check());
    assertEquals(ErrorCode.OUTSIDE_WINDOW, refused.code());
    assertTrue(refused.getMessage().contains("migration 5 (Add " + t + ".qlen) is pending"));
    assertTrue(straddle(TestPlans.head(4), h).unregisteredStartupGuard().check().ok());

    // Idempotent: a second rollback finds nothing to undo and changes nothing.
    String before = snapshot(t, h);
    assertEquals(List.of(), straddle.rollback().stepTexts());
    assertEquals(before, snapshot(t, h));

    // The corrected build: same id, another declaration; its checksum is not refused.
    PlannedMigration fixed =
        TestPlans.withChecksum(
            TestPlans.addNotNullUndoable(5, t, "qlen", "integer", "length(queue)"), "sha-fixed");
    Straddle corrected = straddle(TestPlans.plan(fixed), h);
    Writer again = oldWriter(t).start();
    RunResult expanded;
    try {
      again.awaitMore(50);
      expanded = corrected.expand();
      again.awaitMore(50);
    } finally {
      again.stop();
    }
    assertEquals(List.of(), again.errors, "old code's writes through the corrected expand");
    assertEquals(List.of("5 expanded", "5 backfilled"), expanded.stepTexts());
    assertEquals(
        0, number("SELECT count(*) FROM " + t + " WHERE qlen IS DISTINCT FROM length(queue)"));
    assertEquals(
        "backfilled|sha-fixed|" + broken.checksum(),
        query(
            "SELECT phase || '|' || checksum || '|' || rolled_back_checksum FROM "
                + h
                + ".straddle_history WHERE id = 5"));
    assertEquals(List.of(), corrected.verify());
    assertTrue(corrected.unregisteredStartupGuard().check().ok());
  }

  /**
   * Two migrations in flight on one table: the default rollback undoes the head (6) only, the sync
   * function is composed again with 5's fragment alone, old writes still get 5's column filled and
   * 5's backfill still runs; run again, the default does nothing; {@code --to 0} then undoes 5 and
   * drops the trigger and function.
   */
  @Test
  void theSyncTriggerIsRebuiltFromTheMigrationsStillInFlight() throws Exception {
    String t = "rb_two";
    String h = "hist_rb_two";
    db.execute(TestPlans.jobsTable(t, 300));
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.addNotNullUndoable(5, t, "qlen", "integer", "length(queue)"),
            TestPlans.addNotNullUndoable(6, t, "plen", "integer", "coalesce(length(payload), 0)"));
    Straddle straddle = straddle(plan, h);
    assertEquals(List.of("5 expanded", "6 expanded"), straddle.expand(Backfill.DEFER).stepTexts());
    assertTrue(syncFunction(t).contains("\"plen\""), syncFunction(t));

    CliRun first = cli(plan, h, "rollback");
    assertEquals(StraddleCli.OK, first.code(), first.toString());
    assertTrue(first.out().contains("step migration=6 phase=rolled-back"), first.toString());
    assertFalse(columnExists(t, "plen"));
    assertTrue(columnExists(t, "qlen"));
    assertEquals(1, syncTriggers(t));
    assertFalse(syncFunction(t).contains("plen"), syncFunction(t));
    assertTrue(syncFunction(t).contains("\"qlen\""), syncFunction(t));
    try (Connection old = db.connectAsHead(4);
        Statement s = old.createStatement()) {
      s.execute("INSERT INTO " + t + " (id, queue, payload) VALUES (10001, 'abc', 'x')");
      assertEquals("3", text(old, "SELECT qlen FROM " + t + " WHERE id = 10001"));
    }
    CliRun second = cli(plan, h, "rollback");
    assertEquals(StraddleCli.OK, second.code(), second.toString());
    assertTrue(second.out().contains("ok command=rollback steps=0"), second.toString());

    assertEquals(List.of("5 backfilled"), straddle.backfill().stepTexts());
    assertEquals(
        0, number("SELECT count(*) FROM " + t + " WHERE qlen IS DISTINCT FROM length(queue)"));

    String dryRun = cli(plan, h, "plan", "--rollback", "--to", "0").out();
    assertTrue(dryRun.contains("-- migration 5 (Add " + t + ".qlen): rollback"), dryRun);
    assertFalse(dryRun.contains("-- migration 6"), dryRun);
    assertEquals(
        List.of("5 rolled-back"), straddle.rollbackTo(0, RollbackPolicy.GUARDED).stepTexts());
    assertFalse(columnExists(t, "qlen"));
    assertEquals(0, syncTriggers(t));
    assertNull(syncFunction(t));
    // Both pending again: migrate applies them both anew.
    assertEquals(
        List.of("5 expanded", "6 expanded", "5 backfilled", "6 backfilled"),
        straddle.expand().stepTexts());
  }

  /** Exit 3 with {@code id}, naming the migration and phase rollback, and nothing changed. */
  void refused(MigrationPlan plan, String h, String t, String id, String mention, String... args)
      throws SQLException {
    String before = snapshot(t, h);
    List<String> command = new ArrayList<>(List.of("rollback"));
    command.addAll(List.of(args));
    CliRun run = cli(plan, h, command.toArray(String[]::new));
    assertEquals(StraddleCli.REFUSED, run.code(), run.toString());
    assertTrue(run.err().contains("phase=rollback " + id), run.toString());
    assertTrue(run.err().contains(mention), run.toString());
    List<String> dry = new ArrayList<>(List.of("plan", "--rollback"));
    dry.addAll(List.of(args));
    CliRun plan2 = cli(plan, h, dry.toArray(String[]::new));
    assertEquals(StraddleCli.OK, plan2.code(), plan2.toString());
    assertTrue(plan2.out().contains("-- REFUSED: a run would change nothing"), plan2.toString());
    assertEquals(before, snapshot(t, h), "a refused rollback changes nothing");
  }

  /**
   * Every refusal comes before anything changes (exit 3, the catalog and the history unchanged): a
   * migration without rollback in the plan, one applied with another declaration, one this build
   * does not declare, a contracted one, and one a live registered instance's head needs, which
   * {@code --force} overrides, recorded in the history.
   */
  @Test
  void refusedRollbacksChangeNothing() throws Exception {
    String t = "rb_refused";
    String h = "hist_rb_refused";
    db.execute(TestPlans.jobsTable(t, 100));
    PlannedMigration five = TestPlans.addNotNullUndoable(5, t, "qlen", "integer", "length(queue)");
    // The processor marks a migration it cannot undo (a @RawSql without its rollback).
    PlannedMigration six =
        TestPlans.withRollback(
            TestPlans.addNotNull(6, t, "plen", "integer", "length(queue) + 1"),
            Irreversible.statement("@RawSql of M6 declares no rollback"));
    MigrationPlan plan = TestPlans.plan(five, six);
    straddle(plan, h).expand();

    refused(plan, h, t, "id=StraddleRollbackUnsupported", "@RawSql of M6 declares no rollback");
    refused(plan, h, t, "id=StraddleRollbackUnsupported", "migration 6", "--to", "4");
    MigrationPlan fiveOnly = TestPlans.plan(five);
    refused(fiveOnly, h, t, "id=StraddleRollbackUnsupported", "does not declare it", "--to", "4");

    // Roll 6 back by hand, as an operator would for a migration that has no rollback.
    TestPlans.widenSyncTriggers(db);
    db.execute(
        "ALTER TABLE "
            + t
            + " DROP COLUMN plen; UPDATE "
            + h
            + ".straddle_history SET phase = 'rolled_back' WHERE id = 6");
    MigrationPlan edited = TestPlans.plan(TestPlans.tampered(five));
    refused(edited, h, t, "id=StraddleRollbackUnsupported", "another declaration");

    try (Registration fresh =
        InstanceRegistryTest.fast(db.dataSource(), 5, h, "jobs-new")
            .load()
            .instanceRegistry()
            .register()) {
      refused(fiveOnly, h, t, "id=StraddleRollbackNeeded", "jobs-new");
      CliRun forced = cli(fiveOnly, h, "rollback", "--force");
      assertEquals(StraddleCli.OK, forced.code(), forced.toString());
      assertTrue(
          forced.out().contains("step migration=5 phase=rolled-back forced_over=" + fresh.id()),
          forced.toString());
    }
    assertEquals(
        "rolled_back true",
        query(
            "SELECT phase || ' ' || rollback_forced FROM " + h + ".straddle_history WHERE id = 5"));
    assertTrue(
        query("SELECT rollback_forced_over FROM " + h + ".straddle_history WHERE id = 5")
            .contains("jobs-new"));

    // Contracted: what the old release used is gone.
    straddle(fiveOnly, h).expand();
    straddle(fiveOnly, h).contractUpTo(5, ContractPolicy.FORCE);
    refused(fiveOnly, h, t, "id=StraddleRollbackContracted", "is contracted");
  }

  /**
   * A rollback statement that fails names migration, phase {@code rollback} and the statement (exit
   * 1); its transaction is rolled back, so the migration stays in flight with its column and sync
   * trigger, and the corrected plan's rollback then completes.
   */
  @Test
  void aFailingRollbackStatementNamesMigrationPhaseAndStatementAndChangesNothing()
      throws Exception {
    String t = "rb_failing";
    String h = "hist_rb_failing";
    db.execute(TestPlans.jobsTable(t, 50));
    PlannedMigration added = TestPlans.addNotNull(5, t, "qlen", "integer", "length(queue)");
    String wrong = "ALTER TABLE \"" + t + "\" DROP COLUMN \"qlen_misspelt\"";
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.withRollback(
                added,
                TestPlans.dropAdded(t, "qlen"),
                dev.straddle.plan.SqlStatement.inTransaction(wrong)));
    straddle(plan, h).expand();
    String before = snapshot(t, h);
    CliRun run = cli(plan, h, "rollback");
    assertEquals(StraddleCli.FAILED, run.code(), run.toString());
    assertTrue(
        run.err()
            .contains("error kind=failed migration=5 phase=rollback id=StraddleStatementFailed"),
        run.toString());
    assertTrue(run.err().contains("statement: " + wrong), run.toString());
    assertEquals(before, snapshot(t, h), "the failed rollback's transaction was rolled back");
    assertEquals(1, syncTriggers(t));

    MigrationPlan corrected =
        TestPlans.plan(TestPlans.addNotNullUndoable(5, t, "qlen", "integer", "length(queue)"));
    assertEquals(List.of("5 rolled-back"), straddle(corrected, h).rollback().stepTexts());
    assertFalse(columnExists(t, "qlen"));
  }

  /** {@code --to} must be 0 or above, and {@code plan} reads it only with {@code --rollback}. */
  @Test
  void badRollbackArgumentsAreUsageErrors() {
    MigrationPlan plan = TestPlans.plan();
    CliRun negative = cli(plan, "hist_rb_usage", "rollback", "--to", "-1");
    assertEquals(StraddleCli.USAGE, negative.code(), negative.toString());
    assertTrue(negative.err().contains("--to -1: must be 0 or above"), negative.toString());
    CliRun planTo = cli(plan, "hist_rb_usage", "plan", "--to", "3");
    assertEquals(StraddleCli.USAGE, planTo.code(), planTo.toString());
    assertTrue(planTo.err().contains("--to is for plan --rollback"), planTo.toString());
  }

  /**
   * A history table from before rollback (no rollback columns, its phase check without {@code
   * rolled_back}) is brought up to date by the rollback, in its run.
   */
  @Test
  void aHistoryFromBeforeRollbackIsUpgraded() throws Exception {
    String t = "rb_upgrade";
    String h = "hist_rb_upgrade";
    db.execute(TestPlans.jobsTable(t, 50));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNullUndoable(5, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h).expand();
    db.execute(
        "ALTER TABLE "
            + h
            + ".straddle_history DROP COLUMN rolled_back_at, DROP COLUMN rolled_back_by,"
            + " DROP COLUMN rolled_back_checksum, DROP COLUMN rollback_forced,"
            + " DROP COLUMN rollback_forced_over,"
            + " DROP CONSTRAINT straddle_history_phase_check, ADD CHECK (phase IN ('expanded',"
            + " 'backfilled', 'contracted'))");
    assertEquals(List.of("5 rolled-back"), straddle(plan, h).rollback().stepTexts());
    assertEquals("rolled_back", query("SELECT phase FROM " + h + ".straddle_history WHERE id = 5"));
    assertFalse(columnExists(t, "qlen"));
  }
}
