package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.internal.RunLock;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One runner at a time; the second waits, then finds nothing to do, or gives up clearly. */
@ExtendWith(PostgresExtension.class)
class RunLockTest {

  final TestDatabase db;

  RunLockTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void twoRunnersStartedTogetherApplyEverythingOnce() throws Exception {
    String t = "jobs_twice";
    db.execute(TestPlans.jobsTable(t, 3000));
    db.execute(
        "CREATE FUNCTION count_twice() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;"
            + " CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_twice()");
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunResult>> runs =
          List.of(pool.submit(() -> run(plan, start)), pool.submit(() -> run(plan, start)));
      start.countDown();
      RunResult a = runs.get(0).get(60, TimeUnit.SECONDS);
      RunResult b = runs.get(1).get(60, TimeUnit.SECONDS);
      List<String> applied = List.of("10 expanded", "10 backfilled");
      assertTrue(
          (a.stepTexts().equals(applied) && b.stepTexts().isEmpty())
              || (b.stepTexts().equals(applied) && a.stepTexts().isEmpty()),
          a + " / " + b);
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = db.connect()) {
      assertEquals(1, count(c, "SELECT count(*) FROM hist_twice.straddle_history"));
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE touches <> 1"));
      assertEquals(3000, count(c, "SELECT backfill_rows FROM hist_twice.straddle_history"));
    }
  }

  private RunResult run(MigrationPlan plan, CountDownLatch start) throws InterruptedException {
    start.await();
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_twice")
        .runLockWait(Duration.ofSeconds(60))
        .load()
        .expand();
  }

  @Test
  void aRunnerThatCannotGetTheLockGivesUpAndChangesNothing() throws Exception {
    String t = "jobs_busy";
    db.execute(TestPlans.jobsTable(t, 100));
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    try (Connection other = db.connect();
        PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      lock.setInt(1, RunLock.CLASS_KEY);
      lock.setInt(2, RunLock.objectKey("hist_busy"));
      lock.execute();
      Straddle straddle =
          Straddle.configure(plan)
              .dataSource(db.dataSource())
              .historySchema("hist_busy")
              .runLockWait(Duration.ofMillis(300))
              .load();
      StraddleException e = assertThrows(StraddleException.class, () -> straddle.expand());
      assertEquals(StraddleException.Kind.REFUSED, e.kind());
      assertEquals(ErrorCode.RUN_LOCK_BUSY, e.code());
      assertTrue(e.getMessage().startsWith("[StraddleRunLockBusy] another Straddle runner"));
      assertEquals(
          0,
          count(
              other,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'queue_name'"));
      assertEquals(
          0, count(other, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hist_busy'"));
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code =
          dev.straddle.runtime.cli.StraddleCli.run(
              plan,
              new String[] {
                "migrate",
                "--url",
                db.jdbcUrl(),
                "--user",
                db.user(),
                "--password",
                db.password(),
                "--schema",
                "hist_busy",
                "--lock-wait",
                "300ms"
              },
              EndToEndTest.sink(),
              new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
              java.util.Map.of());
      assertEquals(dev.straddle.runtime.cli.StraddleCli.REFUSED, code);
      assertTrue(
          err.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("error kind=refused"));
    }
  }
}
