package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18, item 1: once every migration in flight on a table is backfilled, the sync trigger fires
 * only on updates whose {@code SET} list names a column its fragments read or assign (PostgreSQL 14
 * and later), and both releases keep writing correctly through it; where that could let a synced
 * copy go stale it keeps firing on every update (docs/ARCHITECTURE.md, "The sync trigger").
 */
@ExtendWith(PostgresExtension.class)
class NarrowSyncTriggerTest {

  static final int ROWS = 500;
  final TestDatabase db;

  NarrowSyncTriggerTest(TestDatabase db) {
    this.db = db;
  }

  /** Whether this server narrows (PostgreSQL 14 and later). */
  boolean narrows() throws SQLException {
    try (Connection c = db.connect()) {
      return c.getMetaData().getDatabaseMajorVersion() >= 14;
    }
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofSeconds(1))
        .batchRows(100, 500)
        .load();
  }

  /** Rename queue→queue_name (10), priority from queue_name (11); both undoable. */
  static MigrationPlan plan(String t) {
    return TestPlans.plan(
        TestPlans.withRollback(
            TestPlans.rename(10, t, "queue", "queue_name", "text"),
            TestPlans.dropAdded(t, "queue_name")),
        TestPlans.addNotNullUndoable(
            11, t, "priority", "integer", "CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END"));
  }

  String trigger(String t) throws SQLException {
    try (Connection c = db.connect()) {
      return text(
          c,
          "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = '_straddle_sync'"
              + " AND tgrelid = '\""
              + t
              + "\"'::regclass");
    }
  }

  void run(int head, String sql) throws SQLException {
    try (Connection c = head == 0 ? db.connect() : db.connectAsHead(head);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long unsynced(String t) throws SQLException {
    try (Connection c = db.connect()) {
      return count(
          c,
          "SELECT count(*) FROM \""
              + t
              + "\" WHERE queue_name IS DISTINCT FROM queue OR priority IS DISTINCT FROM"
              + " CASE WHEN queue = 'urgent' THEN 10 ELSE 0 END");
    }
  }

  @Test
  void afterTheBackfillUpdatesOfOtherColumnsSkipTheTriggerAndBothReleasesStayInSync()
      throws Exception {
    String t = "narrow_jobs";
    db.execute(TestPlans.jobsTable(t, ROWS));
    Straddle straddle = straddle(plan(t), "narrow_hist");

    // Expanded, not backfilled: every update goes through the trigger (an update that skipped it
    // would give a row a newer xmin, which the backfill takes for one the trigger wrote).
    straddle.expand(Backfill.DEFER);
    run(0, "UPDATE \"" + t + "\" SET touches = touches + 1 WHERE id <= 50");
    straddle.backfill();
    assertEquals(0, unsynced(t));

    String definition = trigger(t);
    assertEquals(
        narrows(),
        definition.contains(" BEFORE INSERT OR UPDATE OF priority, queue, queue_name ON "),
        definition);

    // Each head range's writers get exactly their fragments, through the narrowed trigger.
    run(0, "UPDATE \"" + t + "\" SET queue = 'urgent' WHERE id = 1"); // old code: both ups
    run(10, "UPDATE \"" + t + "\" SET queue_name = 'urgent' WHERE id = 2"); // down of 10, up of 11
    run(11, "UPDATE \"" + t + "\" SET queue_name = 'urgent', priority = 10 WHERE id = 3"); // down
    run(0, "INSERT INTO \"" + t + "\" (id, queue) VALUES (" + (ROWS + 1) + ", 'urgent')");
    run(
        11,
        "INSERT INTO \"" + t + "\" (id, queue_name, priority) VALUES (" + (ROWS + 2) + ", 'x', 0)");
    // Columns no fragment uses: no trigger call, nothing to sync.
    run(0, "UPDATE \"" + t + "\" SET touches = touches + 1, payload = 'old'");
    run(11, "UPDATE \"" + t + "\" SET touches = touches + 1, payload = 'new'");
    assertEquals(0, unsynced(t));
    try (Connection c = db.connect()) {
      assertEquals(
          "urgent|urgent|urgent|10|10|10",
          text(
              c,
              "SELECT string_agg(queue, '|' ORDER BY id) || '|' || string_agg(priority::text, '|'"
                  + " ORDER BY id) FROM \""
                  + t
                  + "\" WHERE id <= 3"));
    }

    // The contract drops queue, which the narrowed trigger names: it fires on every update
    // again first (PostgreSQL refuses to drop a column a trigger's column list names).
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"
                  + " AND tgrelid = '\""
                  + t
                  + "\"'::regclass"));
      assertEquals(0, count(c, "SELECT count(*) FROM \"" + t + "\" WHERE queue_name IS NULL"));
    }
  }

  @Test
  void aRollbackDropsAColumnTheNarrowedTriggerNames() throws Exception {
    String t = "narrow_undo";
    db.execute(TestPlans.jobsTable(t, ROWS));
    Straddle straddle = straddle(plan(t), "narrow_undo_hist");
    straddle.migrate();
    assertEquals(narrows(), trigger(t).contains(" UPDATE OF "), trigger(t));

    straddle.rollbackTo(10, RollbackPolicy.GUARDED); // drops priority
    assertEquals(narrows(), trigger(t).contains(" UPDATE OF queue, queue_name ON "), trigger(t));
    run(0, "UPDATE \"" + t + "\" SET queue = 'again' WHERE id = 7");
    straddle.rollbackTo(0, RollbackPolicy.GUARDED); // drops queue_name
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"
                  + " AND tgrelid = '\""
                  + t
                  + "\"'::regclass"));
      assertEquals("again", text(c, "SELECT queue FROM \"" + t + "\" WHERE id = 7"));
    }
  }

  /**
   * PostgreSQL tests a trigger's column list against the UPDATE's SET list only: what another
   * BEFORE UPDATE trigger assigns does not count. Here one that fires before the sync trigger ("A…"
   * sorts before "_") sets queue when touches changes; narrowed, the sync trigger would skip such
   * an update and leave queue_name behind.
   */
  @Test
  void anotherBeforeUpdateTriggerKeepsTheSyncTriggerFiringOnEveryUpdate() throws Exception {
    String t = "narrow_other";
    db.execute(TestPlans.jobsTable(t, ROWS));
    db.execute(
        "CREATE FUNCTION narrow_retag() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  IF NEW.touches > OLD.touches THEN NEW.queue := 'retagged'; END IF;\n"
            + "  RETURN NEW;\n"
            + "END $$;\n"
            + "CREATE TRIGGER \"A_retag\" BEFORE UPDATE ON \""
            + t
            + "\" FOR EACH ROW EXECUTE FUNCTION narrow_retag()");
    Straddle straddle = straddle(plan(t), "narrow_other_hist");
    straddle.migrate();

    run(0, "UPDATE \"" + t + "\" SET touches = touches + 1 WHERE id = 5");
    try (Connection c = db.connect()) {
      assertEquals(
          "retagged|retagged|0",
          text(
              c,
              "SELECT queue || '|' || queue_name || '|' || priority FROM \""
                  + t
                  + "\" WHERE id = 5"));
    }
    assertEquals(0, unsynced(t));
    assertEquals(false, trigger(t).contains(" UPDATE OF "), trigger(t));
  }
}
