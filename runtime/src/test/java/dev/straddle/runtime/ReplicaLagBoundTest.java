package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.LoopbackReplica;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The backfill keeps the streaming standbys' replay lag under the bound (docs/ARCHITECTURE.md,
 * "Replica lag"), against a real standby on loopback ({@link LoopbackReplica}): with the standby's
 * replay paused, a backfill with a tiny bound waits before its next batch and goes on only after
 * the replay resumed and caught up, every row right on both servers; the bound off ignores the lag;
 * a server without standbys, and a role that may not see them, do not wait (the role is told once).
 * No timing: the replay is paused and resumed by the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaLagBoundTest {

  static final Duration TINY = Duration.ofMillis(1);

  LoopbackReplica replica;
  TestDatabase db;

  int major() {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    return major == null ? TestPostgres.DEFAULT_MAJOR : major.value();
  }

  @BeforeAll
  void start() {
    replica = LoopbackReplica.start(major(), Duration.ofSeconds(1));
    db = replica.newDatabase(getClass().getSimpleName());
  }

  @AfterAll
  void stop() {
    if (replica != null) {
      replica.close();
    }
  }

  /** What the listener saw, in order. */
  static final class Events implements StraddleListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final AtomicLong rowsDone = new AtomicLong();
    final CountDownLatch waiting = new CountDownLatch(1);
    final AtomicBoolean resumed;
    final AtomicReference<Boolean> resumedWhenCaughtUp = new AtomicReference<>();

    Events(AtomicBoolean resumed) {
      this.resumed = resumed;
    }

    @Override
    public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
      this.rowsDone.set(rowsDone);
    }

    @Override
    public void waitingForReplicas(
        int migrationId, String table, String standby, Duration lag, Duration bound) {
      seen.add("waiting for " + standby + " after " + rowsDone.get() + " rows");
      assertTrue(lag.compareTo(bound) > 0, lag + " over " + bound);
      waiting.countDown();
    }

    @Override
    public void replicasCaughtUp(int migrationId, String table, Duration waited) {
      seen.add("caught up");
      resumedWhenCaughtUp.set(resumed.get());
    }
  }

  /**
   * Pauses the standby's replay and writes, until the primary shows the standby behind with a
   * replay lag over {@link #TINY}.
   */
  void standbyBehind() throws Exception {
    replica.pauseReplay();
    db.execute("CREATE TABLE IF NOT EXISTS lag_marker (i int); INSERT INTO lag_marker VALUES (1)");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = replica.connectPrimary()) {
      while (TestPlans.count(
              c,
              "SELECT count(*) FROM pg_stat_replication WHERE replay_lsn < pg_current_wal_lsn()"
                  + " AND replay_lag > interval '1 ms'")
          == 0) {
        assertTrue(System.nanoTime() < end, "the primary never showed the standby behind");
        Thread.sleep(20);
      }
    }
  }

  void resume() throws Exception {
    replica.resumeReplay();
    replica.awaitReplayed(Duration.ofSeconds(60));
  }

  MigrationPlan table(String t, int id) throws Exception {
    db.execute(TestPlans.jobsTable(t, 2000));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(id, t, "qlen", "integer", "length(queue)"));
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_" + t)
        .load()
        .expand(Backfill.DEFER);
    return plan;
  }

  @Test
  void aLaggingStandbyHoldsTheBackfillUntilItCatchesUp() throws Exception {
    String t = "jobs_lagging";
    MigrationPlan plan = table(t, 70);
    AtomicBoolean resumed = new AtomicBoolean();
    Events events = new Events(resumed);
    standbyBehind();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                outcome.set(
                    Straddle.configure(plan)
                        .dataSource(db.dataSource())
                        .historySchema("hist_" + t)
                        .batchRows(100, 100)
                        .maxReplicaLag(TINY)
                        .listener(events)
                        .load()
                        .backfill());
              } catch (RuntimeException e) {
                outcome.set(e);
              }
            },
            "backfill");
    try {
      runner.start();
      // The backfill reports that it waits; the standby cannot catch up while its replay is paused.
      assertTrue(events.waiting.await(60, TimeUnit.SECONDS), "never waited: " + outcome.get());
      assertNull(outcome.get(), "finished while the standby was paused");
    } finally {
      resumed.set(true);
      resume();
    }
    runner.join(TimeUnit.SECONDS.toMillis(120));
    assertFalse(runner.isAlive());
    assertTrue(outcome.get() instanceof RunResult, String.valueOf(outcome.get()));
    assertEquals(List.of("70 backfilled"), ((RunResult) outcome.get()).stepTexts());
    // It waited mid-backfill, and went on only after the replay resumed.
    assertTrue(
        events.seen.get(0).startsWith("waiting for " + LoopbackReplica.STANDBY_NAME),
        events.seen.toString());
    assertFalse(events.seen.get(0).endsWith(" 2000 rows"), events.seen.toString());
    assertTrue(events.seen.contains("caught up"), events.seen.toString());
    assertEquals(Boolean.TRUE, events.resumedWhenCaughtUp.get());
    // Every row right, on the primary and, replayed, on the standby.
    replica.awaitReplayed(Duration.ofSeconds(60));
    try (Connection c = db.connect();
        Connection standby = replica.connectStandby(db.name())) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals(0, TestPlans.rowsWithWrongQlen(standby, t));
      assertEquals(2000, TestPlans.count(standby, "SELECT count(qlen) FROM " + t));
    }
  }

  @Test
  void theBoundOffIgnoresTheLag() throws Exception {
    String t = "jobs_unbounded";
    MigrationPlan plan = table(t, 71);
    Events events = new Events(new AtomicBoolean());
    standbyBehind();
    RunResult result;
    try {
      result =
          Straddle.configure(plan)
              .dataSource(db.dataSource())
              .historySchema("hist_" + t)
              .batchRows(100, 100)
              .maxReplicaLag(Duration.ZERO)
              .listener(events)
              .load()
              .backfill();
    } finally {
      resume();
    }
    assertEquals(List.of("71 backfilled"), result.stepTexts());
    assertEquals(List.of(), events.seen);
    assertEquals(List.of(), result.notes());
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
    }
  }

  @Test
  void aRoleThatCannotSeeTheStandbysIsToldOnceAndDoesNotWait() throws Exception {
    // A role without pg_monitor (or pg_read_all_stats) sees the walsender, not its positions.
    TestDatabase own = replica.newDatabase("blind");
    own.execute(
        "CREATE ROLE lag_blind LOGIN; ALTER DATABASE \"" + own.name() + "\" OWNER TO lag_blind");
    TestDatabase blind =
        new TestDatabase(
            own.jdbcUrl().replace("user=postgres", "user=lag_blind"),
            "lag_blind",
            "",
            own.serverMajor(),
            own.adminUrl(),
            own.name());
    String t = "jobs_blind";
    blind.execute(TestPlans.jobsTable(t, 2000));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(72, t, "qlen", "integer", "length(queue)"));
    Events events = new Events(new AtomicBoolean());
    standbyBehind();
    RunResult result;
    try {
      result =
          Straddle.configure(plan)
              .dataSource(blind.dataSource())
              .batchRows(100, 100)
              .maxReplicaLag(TINY)
              .listener(events)
              .load()
              .migrate();
    } finally {
      resume();
    }
    assertEquals(List.of("72 expanded", "72 backfilled"), result.stepTexts());
    assertEquals(List.of(), events.seen);
    assertEquals(1, result.notes().size(), result.notes().toString());
    assertTrue(
        result.notes().get(0).contains("cannot see the replay lag of 1 walsender(s)")
            && result.notes().get(0).contains("pg_read_all_stats"),
        result.notes().toString());
    try (Connection c = blind.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
    }
  }

  @Test
  void withoutStandbysTheBackfillDoesNotWait() throws Exception {
    TestDatabase alone = TestPostgres.newDatabase("no_standby", major());
    String t = "jobs_alone";
    alone.execute(TestPlans.jobsTable(t, 500));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(73, t, "qlen", "integer", "length(queue)"));
    Events events = new Events(new AtomicBoolean());
    RunResult result =
        Straddle.configure(plan)
            .dataSource(alone.dataSource())
            .batchRows(100, 100)
            .maxReplicaLag(TINY)
            .listener(events)
            .load()
            .migrate();
    assertEquals(List.of("73 expanded", "73 backfilled"), result.stepTexts());
    assertEquals(List.of(), events.seen);
    assertEquals(List.of(), result.notes());
  }
}
