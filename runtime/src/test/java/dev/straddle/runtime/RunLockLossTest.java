package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.runtime.internal.RunLock;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The run lock must not vanish while the runner carries on (issue 12, point 4). Its session is the
 * one that makes every change, so a change can never commit after the lock is gone: when that
 * session dies ({@code pg_terminate_backend}, {@code idle_session_timeout}, a proxy dropping it),
 * the runner stops at once with a failure (exit 1) that says so, the history keeps what committed,
 * and a rerun resumes. Its own pauses do not leave the session idle long enough to be killed.
 */
@ExtendWith(PostgresExtension.class)
class RunLockLossTest {

  static final int ROWS = 2000;
  final TestDatabase db;

  RunLockLossTest(TestDatabase db) {
    this.db = db;
  }

  /** A jobs table whose updates are counted per row (and slowed by {@code sleepPerRow} s). */
  private void createTable(String t, double sleepPerRow) throws SQLException {
    db.execute(
        TestPlans.jobsTable(t, ROWS)
            + ";\n"
            + "CREATE OR REPLACE FUNCTION count_touches_slowly() RETURNS trigger LANGUAGE plpgsql"
            + " AS $$ BEGIN NEW.touches := OLD.touches + 1;"
            + " PERFORM pg_sleep(TG_ARGV[0]::float8); RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_touches_slowly('"
            + sleepPerRow
            + "')");
  }

  private static MigrationPlan plan(int id, String t) {
    return TestPlans.plan(TestPlans.addNotNull(id, t, "qlen", "integer", "length(queue)"));
  }

  private FluentConfiguration straddle(MigrationPlan plan, String schema, DataSource dataSource) {
    return Straddle.configure(plan)
        .dataSource(dataSource)
        .historySchema(schema)
        .batchRows(100, 100);
  }

  /**
   * A DataSource whose sessions end after {@code millis} idle (as ALTER ROLE ... SET gives;
   * PostgreSQL 14 and later).
   */
  private PGSimpleDataSource idleSessionTimeout(long millis) {
    assumeTrue(db.serverMajor() >= 14, "idle_session_timeout needs PostgreSQL 14");
    PGSimpleDataSource limited = (PGSimpleDataSource) db.dataSource();
    limited.setOptions("-c idle_session_timeout=" + millis);
    return limited;
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  /** Terminates the backend that holds the run lock of {@code schema}; waits until it is gone. */
  private void terminateLockHolder(String schema) throws Exception {
    String holder =
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid::bigint = "
            + (RunLock.CLASS_KEY & 0xffffffffL)
            + " AND objid::bigint = "
            + (RunLock.objectKey(schema) & 0xffffffffL)
            + " AND objsubid = 2 AND database = (SELECT oid FROM pg_database"
            + " WHERE datname = current_database())";
    assertEquals(1, query("SELECT count(pg_terminate_backend(pid)) FROM (" + holder + ") h"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (query("SELECT count(*) FROM (" + holder + ") h") > 0) {
      assertTrue(System.nanoTime() < deadline, "the run lock's backend did not end");
      Thread.sleep(10);
    }
  }

  /** Whether another session could take the run lock of {@code schema} right now. */
  private boolean lockFree(String schema) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement take = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      take.setInt(1, RunLock.CLASS_KEY);
      take.setInt(2, RunLock.objectKey(schema));
      try (ResultSet rs = take.executeQuery()) {
        rs.next();
        return rs.getBoolean(1); // released when this session closes
      }
    }
  }

  private void assertLostLock(StraddleException e, int id) {
    assertEquals(StraddleException.Kind.FAILED, e.kind(), e.getMessage());
    assertEquals(ErrorCode.RUN_LOCK_LOST, e.code());
    assertEquals(id, e.migrationId());
    assertEquals(Transition.BACKFILL, e.phase());
    assertTrue(e.getMessage().contains("run lock"), e.getMessage());
    assertTrue(e.getMessage().contains("connection was lost"), e.getMessage());
    assertTrue(e.getMessage().contains("resumes"), e.getMessage());
  }

  /** The history says expanded with the batches that committed; a rerun does the rest once. */
  private void assertTruthfulAndResumable(String t, String h, MigrationPlan plan, long done)
      throws SQLException {
    try (Connection c = db.connect()) {
      assertEquals("expanded", text(c, "SELECT phase FROM " + h + ".straddle_history"));
      assertEquals(done, count(c, "SELECT backfill_rows FROM " + h + ".straddle_history"));
      assertEquals(
          done,
          count(
              c, "SELECT (backfill_cursor->'after'->>0)::bigint FROM " + h + ".straddle_history"));
      assertEquals(done, count(c, "SELECT count(*) FROM " + t + " WHERE touches = 1"));
    }
    RunResult rerun = straddle(plan, h, db.dataSource()).load().backfill();
    assertEquals(ROWS - done, rerun.rowsBackfilled());
    try (Connection c = db.connect()) {
      assertEquals("backfilled", text(c, "SELECT phase FROM " + h + ".straddle_history"));
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE touches <> 1"));
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
    }
  }

  @Test
  void terminatingTheLockHoldersBackendStopsTheRunBeforeItsNextBatch() throws Exception {
    String t = "jobs_lock_killed";
    String h = "hist_lock_killed";
    createTable(t, 0);
    MigrationPlan plan = plan(90, t);
    straddle(plan, h, db.dataSource()).load().expand(Backfill.DEFER);
    StraddleListener killAfterFiveBatches =
        new StraddleListener() {
          @Override
          public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
            if (rowsDone == 500) {
              try {
                terminateLockHolder(h);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };
    StraddleException e =
        failureOf(
            CompletableFuture.supplyAsync(
                () ->
                    straddle(plan, h, db.dataSource())
                        .listener(killAfterFiveBatches)
                        .load()
                        .backfill()));
    assertLostLock(e, 90);
    assertTruthfulAndResumable(t, h, plan, 500);
  }

  @Test
  void theCliExitsOneWhenTheLockHoldersBackendIsTerminatedMidBackfill() throws Exception {
    String t = "jobs_lock_cli";
    String h = "hist_lock_cli";
    createTable(t, 0.002); // 0.2 s a batch of 100 rows, 4 s in all
    MigrationPlan plan = plan(91, t);
    straddle(plan, h, db.dataSource()).load().expand(Backfill.DEFER);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                StraddleCli.run(
                    plan,
                    new String[] {
                      "backfill",
                      "--url",
                      db.jdbcUrl(),
                      "--user",
                      db.user(),
                      "--password",
                      db.password(),
                      "--schema",
                      h,
                      "--batch-min",
                      "100",
                      "--batch-max",
                      "100"
                    },
                    EndToEndTest.sink(),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query("SELECT coalesce(max(backfill_rows), 0) FROM " + h + ".straddle_history") < 300) {
      assertTrue(System.nanoTime() < deadline, "the backfill made no progress");
      Thread.sleep(10);
    }
    terminateLockHolder(h);
    assertEquals(StraddleCli.FAILED, run.get(60, TimeUnit.SECONDS), err.toString());
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.startsWith("error kind=failed migration=91 phase=backfill"), stderr);
    assertTrue(stderr.contains("run lock"), stderr);
    long done = query("SELECT backfill_rows FROM " + h + ".straddle_history");
    assertTrue(done >= 300 && done < ROWS, "rows done before the loss: " + done);
    assertTruthfulAndResumable(t, h, plan, done);
  }

  @Test
  void aRunLongerThanIdleSessionTimeoutKeepsItsLockThroughout() throws Exception {
    String t = "jobs_lock_busy";
    String h = "hist_lock_busy";
    createTable(t, 0.0025); // 0.25 s a batch of 100 rows, at least 5 s in all
    MigrationPlan plan = plan(92, t);
    straddle(plan, h, db.dataSource()).load().expand(Backfill.DEFER);
    DataSource limited = idleSessionTimeout(3000);
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(() -> straddle(plan, h, limited).load().backfill());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query("SELECT backfill_rows FROM " + h + ".straddle_history") == 0) {
      assertTrue(System.nanoTime() < deadline, "the backfill made no progress");
      Thread.sleep(10);
    }
    // Longer than idle_session_timeout after the run took its lock, well before its end.
    Thread.sleep(3500);
    assertEquals("expanded", queryText("SELECT phase FROM " + h + ".straddle_history"));
    assertFalse(lockFree(h), "another runner could take the run lock in the middle of the run");
    RunResult result = run.get(60, TimeUnit.SECONDS);
    assertEquals(ROWS, result.rowsBackfilled());
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
  }

  @Test
  void batchPausesLongerThanIdleSessionTimeoutDoNotLoseTheLock() throws Exception {
    String t = "jobs_lock_pause";
    String h = "hist_lock_pause";
    createTable(t, 0);
    db.execute("DELETE FROM " + t + " WHERE id > 200");
    MigrationPlan plan = plan(93, t);
    straddle(plan, h, db.dataSource()).load().expand(Backfill.DEFER);
    RunResult result =
        straddle(plan, h, idleSessionTimeout(2000))
            .batchPause(Duration.ofMillis(2500))
            .load()
            .backfill();
    assertEquals(200, result.rowsBackfilled());
    assertEquals("backfilled", queryText("SELECT phase FROM " + h + ".straddle_history"));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
  }

  @Test
  void aStallLongerThanIdleSessionTimeoutIsNoticedBeforeTheNextBatch() throws Exception {
    String t = "jobs_lock_stall";
    String h = "hist_lock_stall";
    createTable(t, 0);
    MigrationPlan plan = plan(94, t);
    straddle(plan, h, db.dataSource()).load().expand(Backfill.DEFER);
    // The runner's thread stalls between batches (here a slow listener; in life a GC pause or a
    // suspended VM) longer than the server lets a session idle: the server ends the session and
    // the run lock with it.
    StraddleListener stall =
        new StraddleListener() {
          @Override
          public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
            if (rowsDone == 500) {
              try {
                Thread.sleep(4000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    DataSource limited = idleSessionTimeout(2000);
    StraddleException e =
        failureOf(
            CompletableFuture.supplyAsync(
                () -> straddle(plan, h, limited).listener(stall).load().backfill()));
    assertLostLock(e, 94);
    assertTruthfulAndResumable(t, h, plan, 500);
  }

  private String queryText(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  private static StraddleException failureOf(CompletableFuture<RunResult> run) throws Exception {
    try {
      RunResult result = run.get(60, TimeUnit.SECONDS);
      throw new AssertionError("the run did not fail: " + result);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StraddleException s) {
        return s;
      }
      throw e;
    }
  }
}
