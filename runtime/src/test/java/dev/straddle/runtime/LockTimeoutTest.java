package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.runtime.internal.Backoff;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The waits the application pays (issue 12, point 5): the lock timeout is positive and bounded, its
 * default keeps an application statement's wait behind the runner near 0.5 s, and the runner pauses
 * at least as long as the lock timeout between attempts.
 */
@ExtendWith(PostgresExtension.class)
class LockTimeoutTest {

  final TestDatabase db;

  LockTimeoutTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void theBuilderRefusesLockTimeoutsThatAreNotPositiveOrAreAbsurdlyLong() {
    MigrationPlan plan = TestPlans.plan();
    for (Duration bad :
        List.of(
            Duration.ZERO,
            Duration.ofMillis(-5),
            Duration.ofNanos(500_000), // 0 ms once rounded: no timeout in PostgreSQL
            Duration.ofMinutes(1).plusMillis(1),
            Duration.ofDays(100))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Straddle.configure(plan).lockTimeout(bad),
              bad.toString());
      assertTrue(e.getMessage().startsWith("lock timeout"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Straddle.configure(plan).lockTimeout(null));
    Straddle.configure(plan).lockTimeout(Duration.ofMillis(1)).lockTimeout(Duration.ofMinutes(1));
  }

  @Test
  void theCliTreatsAZeroOrAbsurdLockTimeoutAsAUsageError() {
    for (String bad : List.of("0", "0ms", "90m")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          StraddleCli.run(
              TestPlans.plan(),
              new String[] {
                "status",
                "--url",
                db.jdbcUrl(),
                "--user",
                db.user(),
                "--password",
                db.password(),
                "--lock-timeout",
                bad
              },
              EndToEndTest.sink(),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Map.of());
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertEquals(StraddleCli.USAGE, code, bad + ": " + stderr);
      // 0 is refused by the option parser, 90m by the builder's bound: both name the option.
      assertTrue(stderr.startsWith("error kind=usage message=\""), stderr);
      assertTrue(stderr.lines().findFirst().orElse("").matches(".*lock.timeout.*"), stderr);
    }
  }

  @Test
  void theDefaultLockTimeoutIs500Milliseconds() throws Exception {
    String t = "jobs_default_timeout";
    db.execute(TestPlans.jobsTable(t, 10));
    String plan =
        Straddle.configure(TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text")))
            .dataSource(db.dataSource())
            .historySchema("hist_default_timeout")
            .load()
            .plan();
    assertTrue(plan.contains("SET LOCAL lock_timeout = '500ms';"), plan);
    assertEquals(Duration.ofMillis(500), StraddleConfiguration.DEFAULT_LOCK_TIMEOUT);
  }

  @Test
  void theRunnerPausesAtLeastTheLockTimeoutBetweenAttempts() throws Exception {
    String t = "jobs_paced";
    db.execute(TestPlans.jobsTable(t, 50));
    List<Long> delays = new CopyOnWriteArrayList<>();
    CountDownLatch threeRetries = new CountDownLatch(3);
    StraddleListener listener =
        new StraddleListener() {
          @Override
          public void lockRetry(
              int migrationId, String phase, String statement, int attempt, long delayMillis) {
            delays.add(delayMillis);
            threeRetries.countDown();
          }
        };
    Straddle straddle =
        Straddle.configure(TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text")))
            .dataSource(db.dataSource())
            .historySchema("hist_paced")
            .lockTimeout(Duration.ofMillis(100))
            .retryBudget(Duration.ofSeconds(60))
            .listener(listener)
            .load();
    RunResult result;
    try (Connection blocker = db.connect()) {
      blocker.setAutoCommit(false);
      count(blocker, "SELECT count(*) FROM " + t); // ACCESS SHARE until commit
      CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> straddle.expand());
      assertTrue(threeRetries.await(30, TimeUnit.SECONDS), "the runner did not retry");
      blocker.commit();
      result = run.get(60, TimeUnit.SECONDS);
    }
    assertEquals(List.of("10 expanded", "10 backfilled"), result.stepTexts());
    assertTrue(delays.size() >= 3, delays.toString());
    for (int i = 0; i < delays.size(); i++) {
      long floor = Math.min(5_000, 100L << i); // from the lock timeout, doubling, capped
      assertTrue(delays.get(i) >= floor, "pause " + (i + 1) + " of " + delays);
    }
  }

  @Test
  void theBackoffIsNeverShorterThanTheLockTimeoutWhateverTheJitter() {
    RandomGenerator lowest = () -> 0L; // nextDouble() == 0.0
    RandomGenerator highest = () -> -1L; // nextDouble() just below 1.0
    for (Duration timeout :
        List.of(Duration.ofMillis(1), Duration.ofMillis(500), Duration.ofSeconds(30))) {
      Backoff backoff = Backoff.after(timeout);
      long cap = Math.max(5_000, timeout.toMillis());
      for (int attempt = 1; attempt <= 40; attempt++) {
        long low = backoff.delayMillis(attempt, lowest);
        long high = backoff.delayMillis(attempt, highest);
        assertTrue(low >= timeout.toMillis(), timeout + " attempt " + attempt + ": " + low);
        assertTrue(high <= cap * 3 / 2, timeout + " attempt " + attempt + ": " + high);
        assertTrue(high >= low, timeout + " attempt " + attempt);
      }
    }
    assertEquals(500, Backoff.after(Duration.ofMillis(500)).delayMillis(1, () -> 0L));
    assertEquals(1000, Backoff.after(Duration.ofMillis(500)).delayMillis(2, () -> 0L));
    assertEquals(5000, Backoff.after(Duration.ofMillis(500)).delayMillis(9, () -> 0L));
  }
}
