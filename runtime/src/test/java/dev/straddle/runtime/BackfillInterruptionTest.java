package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A batch interrupted by the database, not by a lock timeout: its connection terminated ({@code
 * pg_terminate_backend}) or its statement cancelled by {@code statement_timeout}, both while the
 * batch's UPDATE waits on a row the application holds. The runner does not retry these by itself
 * (only lock timeouts and deadlocks are retried): it fails naming migration, phase and statement,
 * the batch is rolled back, the history keeps the last committed cursor, and a rerun resumes there,
 * every row updated once.
 */
@ExtendWith(PostgresExtension.class)
class BackfillInterruptionTest {

  static final int ROWS = 2000;
  final TestDatabase db;

  BackfillInterruptionTest(TestDatabase db) {
    this.db = db;
  }

  private void createTable(String t) throws SQLException {
    db.execute(
        TestPlans.jobsTable(t, ROWS)
            + ";\n"
            + "CREATE OR REPLACE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_touches()");
  }

  private Straddle straddle(MigrationPlan plan, String schema, DataSource dataSource) {
    return Straddle.configure(plan)
        .dataSource(dataSource)
        .historySchema(schema)
        .batchRows(100, 100)
        .lockTimeout(Duration.ofSeconds(30))
        .load();
  }

  /** The application holds row {@code id} FOR UPDATE until the connection is closed. */
  private Connection holdRow(String t, long id) throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT * FROM " + t + " WHERE id = " + id + " FOR UPDATE");
    }
    return c;
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  private void awaitRunnerBlocked() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'straddle runner'"
                + " AND wait_event_type = 'Lock' AND datname = current_database()")
        == 0) {
      assertTrue(System.nanoTime() < deadline, "the runner never blocked on the held row");
      Thread.sleep(10);
    }
  }

  private void assertResumedOnce(String t, String h, MigrationPlan plan) throws SQLException {
    // 1500 rows were done before the interrupted batch (ids 1..1500); the rerun does the rest.
    assertEquals(1500, query("SELECT backfill_rows FROM " + h + ".straddle_history"));
    assertEquals(
        1500, query("SELECT (backfill_cursor->'after'->>0)::int FROM " + h + ".straddle_history"));
    assertEquals(1500, query("SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    RunResult rerun = straddle(plan, h, db.dataSource()).backfill();
    assertEquals(ROWS - 1500, rerun.rowsBackfilled());
    try (Connection c = db.connect()) {
      assertEquals("backfilled", text(c, "SELECT phase FROM " + h + ".straddle_history"));
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE touches <> 1"));
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals(ROWS, count(c, "SELECT backfill_rows FROM " + h + ".straddle_history"));
    }
  }

  @Test
  void connectionTerminatedMidBatchFailsCleanlyAndARerunResumes() throws Exception {
    String t = "jobs_terminated";
    String h = "hist_terminated";
    createTable(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, db.dataSource()).expand(Backfill.DEFER);
    StraddleException failure;
    try (Connection app = holdRow(t, 1550)) {
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(() -> straddle(plan, h, db.dataSource()).backfill());
      awaitRunnerBlocked();
      query(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
              + " WHERE application_name = 'straddle runner' AND datname = current_database()");
      failure = failureOf(run);
      app.rollback();
    }
    assertEquals(ErrorCode.RUN_LOCK_LOST, failure.code());
    assertEquals(StraddleException.Kind.FAILED, failure.kind());
    assertEquals(80, failure.migrationId());
    assertEquals(Transition.BACKFILL, failure.phase());
    assertNotNull(failure.statement());
    assertTrue(failure.statement().startsWith("UPDATE"), failure.statement());
    assertTrue(failure.getMessage().contains("57P01"), failure.getMessage());
    assertResumedOnce(t, h, plan);
  }

  @Test
  void statementTimeoutMidBatchFailsCleanlyAndARerunResumes() throws Exception {
    String t = "jobs_timeout";
    String h = "hist_timeout";
    createTable(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(81, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, db.dataSource()).expand(Backfill.DEFER);
    // The operator's session setting (as ALTER ROLE ... SET statement_timeout would give), shorter
    // than the runner's lock_timeout: the blocked batch is cancelled, not lock-timed-out.
    PGSimpleDataSource limited = (PGSimpleDataSource) db.dataSource();
    limited.setOptions("-c statement_timeout=300");
    StraddleException failure;
    try (Connection app = holdRow(t, 1550)) {
      failure =
          failureOf(CompletableFuture.supplyAsync(() -> straddle(plan, h, limited).backfill()));
      app.rollback();
    }
    assertEquals(ErrorCode.STATEMENT_FAILED, failure.code());
    assertEquals(StraddleException.Kind.FAILED, failure.kind());
    assertEquals(81, failure.migrationId());
    assertEquals(Transition.BACKFILL, failure.phase());
    assertTrue(failure.statement().startsWith("UPDATE"), failure.statement());
    assertTrue(failure.getMessage().contains("57014"), failure.getMessage());
    assertTrue(failure.getMessage().contains("rolled back"), failure.getMessage());
    assertResumedOnce(t, h, plan);
  }

  private static StraddleException failureOf(CompletableFuture<RunResult> run) throws Exception {
    try {
      RunResult result = run.get(60, TimeUnit.SECONDS);
      throw new AssertionError("the backfill did not fail: " + result);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StraddleException s) {
        return s;
      }
      throw e;
    }
  }
}
