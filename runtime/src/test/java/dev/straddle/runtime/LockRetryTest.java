package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A long transaction holds a lock that conflicts with expand's ALTER TABLE. The runner must not sit
 * in the lock queue (where it would block every later writer): it times out, retries with backoff,
 * and completes once the transaction ends.
 */
@ExtendWith(PostgresExtension.class)
class LockRetryTest {

  final TestDatabase db;

  LockRetryTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void expandRetriesAroundALongTransactionWithoutBlockingWriters() throws Exception {
    String t = "jobs_locked";
    db.execute(TestPlans.jobsTable(t, 500));
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    CountDownLatch firstRetry = new CountDownLatch(1);
    AtomicInteger retries = new AtomicInteger();
    StraddleListener listener =
        new StraddleListener() {
          @Override
          public void lockRetry(
              int migrationId, String phase, String statement, int attempt, long delayMillis) {
            retries.incrementAndGet();
            firstRetry.countDown();
          }
        };
    Straddle straddle =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema("hist_locked")
            .lockTimeout(Duration.ofMillis(200))
            .retryBudget(Duration.ofSeconds(60))
            .listener(listener)
            .load();

    Writer writer;
    RunResult result;
    try (Connection blocker = db.connect()) {
      blocker.setAutoCommit(false);
      count(blocker, "SELECT count(*) FROM " + t); // holds ACCESS SHARE until commit
      CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> straddle.expand());
      assertTrue(firstRetry.await(30, TimeUnit.SECONDS), "the runner never hit its lock timeout");
      // An old-code writer that starts while the runner keeps trying.
      writer =
          new Writer(
                  db,
                  0,
                  500,
                  (c, id, existing, queue) -> {
                    try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO " + t + " (id, queue) VALUES (?, ?)")) {
                      s.setLong(1, id);
                      s.setString(2, queue);
                      s.executeUpdate();
                    }
                  },
                  (c, id, existing, queue) -> {
                    try (PreparedStatement s =
                        c.prepareStatement("UPDATE " + t + " SET queue = ? WHERE id = ?")) {
                      s.setString(1, queue);
                      s.setLong(2, existing);
                      s.executeUpdate();
                    }
                  })
              .start();
      int seen = retries.get();
      while (retries.get() < seen + 3 && !run.isDone()) {
        writer.awaitMore(1);
      }
      writer.awaitMore(20);
      assertTrue(!run.isDone(), "expand finished while the conflicting transaction was open");
      blocker.commit();
      result = run.get(60, TimeUnit.SECONDS);
    }
    writer.awaitMore(20);
    writer.stop();

    assertEquals(List.of("10 expanded", "10 backfilled"), result.stepTexts());
    assertTrue(result.lockRetries() >= 3, "retries: " + result.lockRetries());
    assertEquals(List.of(), writer.errors);
    // Each wait of the writer is bounded by the runner's lock timeout (200 ms); generous bound.
    assertTrue(
        writer.slowestNanos.get() < TimeUnit.SECONDS.toNanos(5),
        "slowest write " + writer.slowestNanos.get() / 1_000_000 + " ms");
    try (Connection c = db.connect()) {
      assertEquals(
          null,
          TestPlans.text(
              c,
              "SELECT string_agg(id || ':' || queue || '/' || coalesce(queue_name, 'NULL') || ' xmin '"
                  + " || xmin, ', ') || ' cutoff ' || (SELECT backfill_before FROM"
                  + " hist_locked.straddle_history) FROM "
                  + t
                  + " WHERE queue_name IS DISTINCT FROM queue"));
    }
  }

  @Test
  void aLockHeldBeyondTheRetryBudgetFailsNamingTheStatementAndChangesNothing() throws Exception {
    String t = "jobs_stuck";
    db.execute(TestPlans.jobsTable(t, 50));
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    Straddle straddle =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema("hist_stuck")
            .lockTimeout(Duration.ofMillis(100))
            .retryBudget(Duration.ofMillis(800))
            .load();
    try (Connection blocker = db.connect()) {
      blocker.setAutoCommit(false);
      count(blocker, "SELECT count(*) FROM " + t);
      StraddleException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              StraddleException.class, () -> straddle.expand());
      assertEquals(StraddleException.Kind.FAILED, e.kind());
      assertEquals(ErrorCode.LOCK_TIMEOUT, e.code());
      assertEquals(10, e.migrationId());
      assertEquals(Transition.EXPAND, e.phase());
      assertTrue(e.statement().contains("ADD COLUMN \"queue_name\""), e.statement());
      blocker.rollback();
    }
    try (Connection c = db.connect()) {
      assertEquals(0, count(c, "SELECT count(*) FROM hist_stuck.straddle_history"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'queue_name'"));
    }
  }
}
