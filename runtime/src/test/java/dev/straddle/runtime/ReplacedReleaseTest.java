package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, point 3: the same build's {@code migrate}, run again or twice at once, with or without
 * {@code --previous-release-gone}, with or without the registry in use, never contracts what the
 * release it replaces (head 1, still writing {@code queue}) uses; the next deploy (build 3) does.
 */
@ExtendWith(PostgresExtension.class)
class ReplacedReleaseTest {

  final TestDatabase db;
  final AtomicLong ids = new AtomicLong(1_000_000);

  ReplacedReleaseTest(TestDatabase db) {
    this.db = db;
  }

  static MigrationPlan build1(String t) {
    return TestPlans.plan(TestPlans.addNotNull(1, t, "qlen", "integer", "length(queue)"));
  }

  static MigrationPlan build2(String t) {
    return TestPlans.plan(
        TestPlans.addNotNull(1, t, "qlen", "integer", "length(queue)"),
        TestPlans.rename(2, t, "queue", "queue_name", "text"));
  }

  static MigrationPlan build3(String t) {
    return TestPlans.plan(
        TestPlans.addNotNull(1, t, "qlen", "integer", "length(queue)"),
        TestPlans.rename(2, t, "queue", "queue_name", "text"),
        TestPlans.rename(3, t, "payload", "body", "text"));
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofMillis(500))
        .runLockWait(Duration.ofSeconds(60))
        .load();
  }

  /** Release 1's write and read of {@code queue}: throws when the column is gone. */
  void release1Writes(String t) throws SQLException {
    try (Connection c = db.connectAsHead(1)) {
      long id = ids.incrementAndGet();
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO " + t + " (id, queue, payload, qlen) VALUES (?, 'r1', 'p', 2)")) {
        insert.setLong(1, id);
        insert.executeUpdate();
      }
      assertEquals(1, count(c, "SELECT count(*) FROM " + t + " WHERE queue = 'r1' AND id = " + id));
    }
  }

  /** Build 1 deployed (release 1 serving), then the same build 2 migrate run {@code runs}. */
  void deployBuild1(String t, String s) throws Exception {
    db.execute(TestPlans.jobsTable(t, 500));
    straddle(build1(t), s).migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    release1Writes(t);
  }

  /** Release 1 still works, and build 3's deploy then contracts 2 (and only 2). */
  void release1StillServesAndBuild3Contracts2(String t, String s, boolean gone) throws Exception {
    release1Writes(t);
    Status status = straddle(build2(t), s).status();
    assertEquals(Phase.BACKFILLED, status.migrations().get(1).phase());
    RunResult deploy3 = straddle(build3(t), s).migrate(ContractPolicy.of(gone, false));
    assertTrue(deploy3.stepTexts().contains("2 contracted"), deploy3.stepTexts().toString());
    assertTrue(!deploy3.stepTexts().contains("3 contracted"), deploy3.stepTexts().toString());
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'queue'"));
    }
  }

  @Test
  void sequentialRerunWithFlagKeepsWhatRelease1Uses() throws Exception {
    String t = "rr_seq";
    String s = "hist_rr_seq";
    deployBuild1(t, s);
    Straddle build2 = straddle(build2(t), s);
    RunResult first = build2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertTrue(first.stepTexts().contains("2 backfilled"), first.stepTexts().toString());
    release1Writes(t);
    RunResult rerun = build2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of(), rerun.stepTexts());
    assertTrue(
        rerun.notes().get(0).contains("the release this deploy replaces (head 1)"),
        rerun.notes().toString());
    String dryRun = build2.plan(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertTrue(
        dryRun.contains(
            "-- kept (not contracted): migration 2 is still used by the release this deploy"
                + " replaces (head 1)"),
        dryRun);
    RunResult third = build2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of(), third.stepTexts());
    release1StillServesAndBuild3Contracts2(t, s, true);
  }

  @Test
  void concurrentPairWithFlagKeepsWhatRelease1Uses() throws Exception {
    String t = "rr_conc";
    String s = "hist_rr_conc";
    deployBuild1(t, s);
    List<RunResult> results = concurrently(t, s, true);
    List<String> all = new ArrayList<>();
    results.forEach(r -> all.addAll(r.stepTexts()));
    assertEquals(List.of("1 contracted", "2 expanded", "2 backfilled"), all);
    release1StillServesAndBuild3Contracts2(t, s, true);
  }

  /**
   * The registry in use (the new release's instance registered), release 1's writers not
   * registered: the registry alone would let a rerun contract 2.
   */
  @Test
  void withRegistryRerunAndConcurrentPairKeepWhatRelease1Uses() throws Exception {
    for (boolean gone : List.of(false, true)) {
      String t = "rr_reg_" + gone;
      String s = "hist_rr_reg_" + gone;
      deployBuild1(t, s);
      try (Registration release2 =
          Straddle.configure(TestPlans.head(2))
              .dataSource(db.dataSource())
              .historySchema(s)
              .application("release-2")
              .shutdownHook(false)
              .load()
              .instanceRegistry()
              .register()) {
        Await.until("registered", () -> release2.heartbeats() >= 1);
        List<RunResult> pair = concurrently(t, s, gone);
        List<String> all = new ArrayList<>();
        pair.forEach(r -> all.addAll(r.stepTexts()));
        assertEquals(List.of("1 contracted", "2 expanded", "2 backfilled"), all);
        release1Writes(t);
        RunResult rerun = straddle(build2(t), s).migrate(ContractPolicy.of(gone, false));
        assertEquals(List.of(), rerun.stepTexts());
        release1Writes(t);
        release1StillServesAndBuild3Contracts2(t, s, gone);
      }
    }
  }

  @Test
  void noEarlierBuildRecordedContractsNothingAndSaysWhy() throws Exception {
    String t = "rr_first";
    String s = "hist_rr_first";
    db.execute(TestPlans.jobsTable(t, 100));
    Straddle build2 = straddle(build2(t), s);
    build2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    RunResult rerun = build2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of(), rerun.stepTexts());
    assertTrue(rerun.notes().get(0).contains("no earlier build is recorded"), rerun.notes() + "");
    release1Writes(t);
    // The explicit contract, after the rollout, still contracts up to the head.
    assertEquals(
        List.of("1 contracted", "2 contracted"),
        build2.contract(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
  }

  /** Two {@code migrate} of build 2 released at the same moment; both must succeed. */
  List<RunResult> concurrently(String t, String s, boolean gone) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<RunResult>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return straddle(build2(t), s).migrate(ContractPolicy.of(gone, false));
              }));
    }
    start.countDown();
    List<RunResult> out = new ArrayList<>();
    for (CompletableFuture<RunResult> run : runs) {
      out.add(run.get(120, TimeUnit.SECONDS));
    }
    return out;
  }
}
