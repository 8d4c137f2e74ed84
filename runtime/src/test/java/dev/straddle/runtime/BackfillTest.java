package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Backfill: resume after a killed runner, composite keys, rows newer than expand, no key. */
@ExtendWith(PostgresExtension.class)
class BackfillTest {

  final TestDatabase db;

  BackfillTest(TestDatabase db) {
    this.db = db;
  }

  FluentConfiguration straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .batchRows(100, 100);
  }

  @Test
  void killedBackfillResumesFromItsCursorAndDoesEveryRowOnce() throws Exception {
    String t = "orders_resume";
    // Composite primary key; a trigger of the application's counts every update of a row.
    db.execute(
        "CREATE TABLE "
            + t
            + " (tenant int, seq int, queue text NOT NULL, touches int NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (tenant, seq));\n"
            + "INSERT INTO "
            + t
            + " (tenant, seq, queue) SELECT g % 3, g, 'q' || g FROM generate_series(1, 3000) g;\n"
            + "CREATE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_touches()");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(30, t, "qlen", "integer", "length(queue)"));
    straddle(plan, "hist_resume").load().expand(Backfill.DEFER);

    AtomicInteger batches = new AtomicInteger();
    StraddleListener killer =
        new StraddleListener() {
          @Override
          public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
            if (batches.incrementAndGet() == 3) {
              terminateRunner();
            }
          }
        };
    StraddleException killed =
        assertThrows(
            StraddleException.class,
            () -> straddle(plan, "hist_resume").listener(killer).load().backfill());
    assertEquals(StraddleException.Kind.FAILED, killed.kind());
    assertEquals(30, killed.migrationId());
    assertEquals(Transition.BACKFILL, killed.phase());
    try (Connection c = db.connect()) {
      assertEquals("expanded", text(c, "SELECT phase FROM hist_resume.straddle_history"));
      assertEquals(300, count(c, "SELECT backfill_rows FROM hist_resume.straddle_history"));
      // The cursor is the 300th key in (tenant, seq) order.
      assertEquals(
          text(
              c,
              "SELECT tenant || ',' || seq FROM " + t + " ORDER BY tenant, seq OFFSET 299 LIMIT 1"),
          text(
              c,
              "SELECT (backfill_cursor->'after'->>0) || ',' || (backfill_cursor->'after'->>1)"
                  + " FROM hist_resume.straddle_history"));
      assertEquals(300, count(c, "SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    }

    RunResult resumed = straddle(plan, "hist_resume").load().backfill();
    assertEquals(List.of("30 backfilled"), resumed.stepTexts());
    assertEquals(2700, resumed.rowsBackfilled());
    try (Connection c = db.connect()) {
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE touches <> 1"));
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals(3000, count(c, "SELECT backfill_rows FROM hist_resume.straddle_history"));
      assertEquals("backfilled", text(c, "SELECT phase FROM hist_resume.straddle_history"));
    }
  }

  private void terminateRunner() {
    try (Connection c = db.connect()) {
      count(
          c,
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
              + " WHERE application_name = 'straddle runner' AND datname = current_database()");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void lossyUpNeverOverwritesWhatCodeWroteAfterExpand() throws Exception {
    String t = "jobs_lossy";
    db.execute(TestPlans.jobsTable(t, 1000));
    // A lossy up: every old row gets 0, whatever new code would have chosen.
    MigrationPlan plan = TestPlans.plan(TestPlans.addNotNull(40, t, "priority", "integer", "0"));
    straddle(plan, "hist_lossy").load().expand(Backfill.DEFER);
    try (Connection newCode = db.connectAsHead(40);
        Connection oldCode = db.connectAsHead(0)) {
      newCode.createStatement().execute("UPDATE " + t + " SET priority = 99 WHERE id = 5");
      newCode
          .createStatement()
          .execute("INSERT INTO " + t + " (id, queue, priority) VALUES (5000, 'x', 7)");
      oldCode.createStatement().execute("UPDATE " + t + " SET queue = 'moved' WHERE id = 6");
    }
    RunResult result = straddle(plan, "hist_lossy").load().backfill();
    assertEquals(998, result.rowsBackfilled());
    try (Connection c = db.connect()) {
      assertEquals("99", text(c, "SELECT priority FROM " + t + " WHERE id = 5"));
      assertEquals("7", text(c, "SELECT priority FROM " + t + " WHERE id = 5000"));
      assertEquals("0", text(c, "SELECT priority FROM " + t + " WHERE id = 6"));
      assertEquals(999, count(c, "SELECT count(*) FROM " + t + " WHERE priority = 0"));
    }
  }

  @Test
  void aTableWithoutPrimaryKeyIsRefusedBeforeExpandNamingTableAndMigration() throws Exception {
    String t = "log_nokey";
    db.execute(
        "CREATE TABLE " + t + " (queue text NOT NULL); INSERT INTO " + t + " VALUES ('a'), ('b')");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(50, t, "qlen", "integer", "length(queue)"));
    Straddle straddle = straddle(plan, "hist_nokey").load();
    StraddleException e = assertThrows(StraddleException.class, () -> straddle.expand());
    assertEquals(50, e.migrationId());
    assertEquals(StraddleException.Kind.REFUSED, e.kind());
    assertEquals(ErrorCode.PREFLIGHT, e.code());
    assertTrue(e.getMessage().contains(t + " has no primary key"), e.getMessage());
    try (Connection c = db.connect()) {
      // Refused by the preflight: nothing written, not even the history schema.
      assertEquals(0, count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hist_nokey'"));
      assertEquals(
          1,
          count(
              c,
              "SELECT count(*) FROM pg_attribute WHERE attrelid = '"
                  + t
                  + "'::regclass AND attnum > 0 AND NOT attisdropped"));
    }
  }

  @Test
  void batchSizeAdaptsTowardTheTarget() throws Exception {
    String t = "jobs_adaptive";
    db.execute(TestPlans.jobsTable(t, 5000));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(60, t, "qlen", "integer", "length(queue)"));
    List<Long> sizes = new ArrayList<>();
    StraddleListener listener = onBatch(sizes::add);
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_adaptive")
        .batchRows(100, 2000)
        .batchTarget(Duration.ofSeconds(10))
        .listener(listener)
        .load()
        .expand();
    // Batches far quicker than the target grow (doubling at most) up to the bound.
    assertEquals(1000L, sizes.get(0));
    assertEquals(2000L, sizes.get(1));
    assertEquals(5000L, sizes.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void batchPauseSpacesTheBatchesAndLosesNoRow() throws Exception {
    String t = "jobs_paused";
    db.execute(TestPlans.jobsTable(t, 500));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(70, t, "qlen", "integer", "length(queue)"));
    List<Long> finished = new ArrayList<>();
    StraddleListener listener = onBatch(rows -> finished.add(System.nanoTime()));
    Duration pause = Duration.ofMillis(40);
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_paused")
        .batchRows(100, 100)
        .batchPause(pause)
        .listener(listener)
        .load()
        .expand();
    // Batches of 100 (and an empty last one): the runner sleeps after each that is not the last,
    // so no two end closer than the pause.
    assertTrue(finished.size() >= 5, finished.size() + " batches");
    for (int i = 1; i < finished.size(); i++) {
      long gap = finished.get(i) - finished.get(i - 1);
      assertTrue(gap >= pause.toNanos(), "batches " + (i - 1) + " and " + i + " " + gap + " ns");
    }
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
    }
  }

  @Test
  void anInterruptedPauseFailsNamingTheMigrationAndTheNextRunResumes() throws Exception {
    String t = "jobs_interrupted";
    db.execute(TestPlans.jobsTable(t, 500));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(75, t, "qlen", "integer", "length(queue)"));
    // The listener runs on the runner's thread just before the pause: interrupting there makes the
    // pause end at once, as a shutdown would.
    AtomicInteger batches = new AtomicInteger();
    StraddleListener interrupter =
        onBatch(
            rows -> {
              if (batches.incrementAndGet() == 1) {
                Thread.currentThread().interrupt();
              }
            });
    StraddleException e;
    try {
      e =
          assertThrows(
              StraddleException.class,
              () ->
                  straddle(plan, "hist_interrupted")
                      .batchPause(Duration.ofSeconds(30))
                      .listener(interrupter)
                      .load()
                      .expand());
    } finally {
      Thread.interrupted();
    }
    assertTrue(
        e.getMessage().contains("interrupted during the pause between backfill batches"),
        e.getMessage());
    assertEquals(ErrorCode.BACKFILL_INTERRUPTED, e.code());
    assertEquals(Integer.valueOf(75), e.migrationId());
    assertEquals(Transition.BACKFILL, e.phase());
    try (Connection c = db.connect()) {
      // Truthful: the first batch of 100 done and claimed, the migration still expanded.
      assertEquals("expanded", text(c, "SELECT phase FROM hist_interrupted.straddle_history"));
      assertEquals(100, count(c, "SELECT backfill_rows FROM hist_interrupted.straddle_history"));
      assertEquals(100, count(c, "SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    }
    straddle(plan, "hist_interrupted").load().backfill();
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals(500, count(c, "SELECT backfill_rows FROM hist_interrupted.straddle_history"));
    }
  }

  @Test
  void aNegativeBatchPauseIsRejected() {
    FluentConfiguration builder = Straddle.configure(TestPlans.plan());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> builder.batchPause(Duration.ofMillis(-1)));
    assertTrue(e.getMessage().contains("negative batch pause"), e.getMessage());
  }

  @Test
  void batchesWriteAsTheBackfillHeadUnderTheLockTimeout() throws Exception {
    String t = "jobs_sessions";
    db.execute(TestPlans.jobsTable(t, 300));
    // An application trigger that notes, for every row the backfill writes, the session's
    // straddle.head and lock_timeout.
    db.execute(
        "CREATE TABLE seen_sessions (head text, lock_timeout text);\n"
            + "CREATE FUNCTION note_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " INSERT INTO seen_sessions VALUES (current_setting('straddle.head', true),"
            + " current_setting('lock_timeout')); RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_note AFTER UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION note_session()");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_sessions")
        .batchRows(100, 100)
        .lockTimeout(Duration.ofMillis(1234))
        .load()
        .expand();
    try (Connection c = db.connect()) {
      assertEquals(300, count(c, "SELECT count(*) FROM seen_sessions"));
      // The fast path's sessions say head -1, so the sync trigger's WHEN clause skips them.
      assertEquals(
          String.valueOf(SyncFunctionSql.BACKFILL_HEAD),
          text(c, "SELECT string_agg(DISTINCT head, ',') FROM seen_sessions"));
      assertEquals(
          "1234ms", text(c, "SELECT string_agg(DISTINCT lock_timeout, ',') FROM seen_sessions"));
    }
  }

  @Test
  void integerKeysWithWideGapsAreCrossedInFewBatches() throws Exception {
    String t = "jobs_sparse";
    // Integer keys are batched by key arithmetic (no probe): three clusters far apart, one of
    // them negative, must all be backfilled, and the empty spans between them crossed quickly.
    db.execute(
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, queue text NOT NULL);\n"
            + "INSERT INTO "
            + t
            + " SELECT g, 'q' || g FROM generate_series(-9000000000000, -8999999999800) g;\n"
            + "INSERT INTO "
            + t
            + " SELECT g, 'q' || g FROM generate_series(1, 300) g;\n"
            + "INSERT INTO "
            + t
            + " SELECT g, 'q' || g FROM generate_series(1000000000000, 1000000000200) g");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(90, t, "qlen", "integer", "length(queue)"));
    List<Long> sizes = new ArrayList<>();
    StraddleListener listener = onBatch(sizes::add);
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_sparse")
        .batchRows(100, 100)
        .listener(listener)
        .load()
        .expand();
    try (Connection c = db.connect()) {
      assertEquals(702, count(c, "SELECT count(*) FROM " + t));
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals(702, count(c, "SELECT backfill_rows FROM hist_sparse.straddle_history"));
    }
    assertEquals(702L, sizes.stream().mapToLong(Long::longValue).sum());
    // The spans double across the gaps (about 2^43 between the clusters): dozens of batches,
    // not one per key or per hundred keys.
    assertTrue(sizes.size() < 200, sizes.size() + " batches");
  }

  /** A listener that hands each backfill batch's row count to {@code rows}. */
  private static StraddleListener onBatch(LongConsumer rows) {
    return new StraddleListener() {
      @Override
      public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
        rows.accept(batchRows);
      }
    };
  }
}
