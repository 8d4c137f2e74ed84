package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.runtime.internal.RunLock;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 tried as a user would, through the command line ({@code StraddleCli.run}), with the
 * variations the focused tests leave out: a typo in a {@code down}, three releases deployed with
 * reruns and without the flag, the run lock lost during an index build, refused runs that must
 * leave no history schema, and each documented exit code.
 */
@ExtendWith(PostgresExtension.class)
class AdversarialCliTest {

  static final String T = "adv_jobs";
  final TestDatabase db;

  AdversarialCliTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS "
            + T
            + "; DROP SCHEMA IF EXISTS straddle CASCADE;\n"
            + TestPlans.jobsTable(T, 300));
  }

  private CliRun cli(MigrationPlan plan, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()));
    return CliRun.run(plan, Map.of(), all.toArray(String[]::new));
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  private String textOf(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  private boolean historySchemaExists() throws SQLException {
    return query("SELECT count(*) FROM pg_namespace WHERE nspname = 'straddle'") > 0;
  }

  private String phases() throws SQLException {
    return textOf(
        "SELECT string_agg(id || ':' || phase, ',' ORDER BY id) FROM straddle.straddle_history");
  }

  /** Point 2: a typo in a {@code @DropColumn(down = ...)} never reaches the running release. */
  @Test
  void aTypoInADownFailsTheMigrateAndTheCorrectedBuildRuns() throws Exception {
    MigrationPlan typo = TestPlans.plan(TestPlans.dropWithDown(1, T, "touches", "length(qeue)"));
    CliRun o = cli(typo, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.FAILED, o.code(), o.toString());
    assertTrue(o.err().startsWith("error kind=failed migration=1 phase=expand"), o.toString());
    assertTrue(o.err().contains("DOWN " + T + ".touches := length(qeue)"), o.toString());
    assertTrue(o.err().contains("column \"qeue\" does not exist"), o.toString());
    // Nothing reached the table: the old release's writes run as before.
    assertEquals(0, query("SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + T + "'::regclass"));
    db.execute("INSERT INTO " + T + " (id, queue, touches) VALUES (1001, 'q', 5)");
    assertEquals(5, query("SELECT touches FROM " + T + " WHERE id = 1001"));
    if (historySchemaExists()) {
      assertEquals(
          0,
          query("SELECT count(*) FROM straddle.straddle_history WHERE id = 1"),
          "the history does not record the failed expand");
    }

    MigrationPlan corrected =
        TestPlans.plan(TestPlans.dropWithDown(1, T, "touches", "length(queue)"));
    CliRun fixed = cli(corrected, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, fixed.code(), fixed.toString());
    assertEquals("1:backfilled", phases());
    // New code's insert, which names no touches, gets the down's value for the old release.
    db.execute(
        "BEGIN; SET LOCAL straddle.head = '1'; INSERT INTO "
            + T
            + " (id, queue) VALUES (1002,"
            + " 'qqq'); COMMIT");
    assertEquals(3, query("SELECT touches FROM " + T + " WHERE id = 1002"));
  }

  /** Point 5: 0, -5s and 90m are usage errors naming the option; no history schema appears. */
  @Test
  void lockTimeoutsOutOfBoundsAreUsageErrorsThatCreateNothing() throws Exception {
    MigrationPlan plan = TestPlans.plan(TestPlans.addNotNull(1, T, "qlen", "integer", "1"));
    for (String value : List.of("0", "-5s", "90m", "0s")) {
      CliRun o = cli(plan, "migrate", "--previous-release-gone", "--lock-timeout", value);
      assertEquals(StraddleCli.USAGE, o.code(), value + ": " + o.toString());
      assertEquals("", o.out(), o.toString());
      assertTrue(o.err().startsWith("error kind=usage"), o.toString());
      assertTrue(o.err().contains("--lock-timeout"), o.toString());
      assertTrue(!historySchemaExists(), value + " created the history schema");
    }
    CliRun bounds = cli(plan, "migrate", "--previous-release-gone", "--lock-timeout", "1m");
    assertEquals(StraddleCli.OK, bounds.code(), bounds.toString());
  }

  /** Points 6 and 8: a preflight refusal exits 3 and leaves no history schema; plan shows it. */
  @Test
  void aBackfillOnATableWithoutPrimaryKeyIsRefusedWithoutCreatingTheHistorySchema()
      throws Exception {
    db.execute(
        "DROP TABLE IF EXISTS adv_nopk; CREATE TABLE adv_nopk (queue text NOT NULL);"
            + " INSERT INTO adv_nopk SELECT 'q' || g FROM generate_series(1, 50) g");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(1, "adv_nopk", "qlen", "integer", "length(queue)"));
    for (String command : List.of("migrate", "expand")) {
      CliRun o =
          command.equals("migrate")
              ? cli(plan, command, "--previous-release-gone")
              : cli(plan, command); // --previous-release-gone is no option of expand
      assertEquals(StraddleCli.REFUSED, o.code(), command + ": " + o.toString());
      assertTrue(o.err().startsWith("error kind=refused migration=1"), o.toString());
      assertTrue(o.err().contains("primary key"), o.toString());
      assertTrue(!historySchemaExists(), command + " created the history schema");
      assertEquals(
          0,
          query(
              "SELECT count(*) FROM information_schema.columns WHERE table_name = 'adv_nopk'"
                  + " AND column_name = 'qlen'"));
    }
    CliRun plan1 = cli(plan, "plan");
    assertTrue(plan1.out().contains("REFUSED"), plan1.toString());
    assertTrue(!historySchemaExists(), "plan created the history schema");
  }

  /** Point 8: each exit code as docs/RUNTIME.md lists it, through one deploy's life. */
  @Test
  void eachExitCodeAsDocumented() throws Exception {
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.addNotNull(1, T, "qlen", "integer", "length(queue)"),
            TestPlans.dropWithDown(2, T, "touches", "0"));
    CliRun usage = cli(plan, "contract", "--previous-release-gone", "--up-to", "3");
    assertEquals(StraddleCli.USAGE, usage.code(), usage.toString());
    CliRun expand = cli(plan, "expand", "--no-backfill");
    assertEquals(StraddleCli.OK, expand.code(), expand.toString());
    CliRun noRegistry = cli(plan, "contract");
    assertEquals(StraddleCli.REFUSED, noRegistry.code(), noRegistry.toString());
    assertTrue(
        noRegistry.err().startsWith("error kind=refused id=StraddleContractUnguarded\n"),
        noRegistry.toString());
    assertEquals("1:expanded,2:backfilled", phases());
    CliRun stopped = cli(plan, "contract", "--previous-release-gone");
    assertEquals(StraddleCli.STOPPED, stopped.code(), stopped.toString());
    assertTrue(stopped.out().contains("stopped_before=1"), stopped.toString());
    assertEquals("1:expanded,2:backfilled", phases());
    CliRun backfill = cli(plan, "backfill");
    assertEquals(StraddleCli.OK, backfill.code(), backfill.toString());
    CliRun contract = cli(plan, "contract", "--previous-release-gone");
    assertEquals(StraddleCli.OK, contract.code(), contract.toString());
    assertEquals("1:contracted,2:contracted", phases());
    CliRun nothing = cli(plan, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, nothing.code(), nothing.toString());
    CliRun verify = cli(plan, "verify");
    assertEquals(StraddleCli.OK, verify.code(), verify.toString());
    assertTrue(verify.out().contains("verify ok"), verify.toString());
    // A changed migration: status and verify report it (3), migrate refuses it (3).
    MigrationPlan edited =
        TestPlans.plan(
            TestPlans.tampered(TestPlans.addNotNull(1, T, "qlen", "integer", "length(queue)")),
            TestPlans.dropWithDown(2, T, "touches", "0"));
    assertEquals(StraddleCli.REFUSED, cli(edited, "verify").code());
    assertEquals(StraddleCli.REFUSED, cli(edited, "status").code());
    assertEquals(StraddleCli.REFUSED, cli(edited, "migrate", "--previous-release-gone").code());
  }

  /** An application instance of release {@code head}, in the default history schema. */
  private Straddle instance(int head) {
    return Straddle.configure(release(head)).dataSource(db.dataSource()).shutdownHook(false).load();
  }

  static MigrationPlan release(int head) {
    List<PlannedMigration> all =
        List.of(
            TestPlans.addNotNull(1, T, "qlen", "integer", "length(queue)"),
            TestPlans.rename(2, T, "payload", "body", "text"),
            TestPlans.dropWithDown(3, T, "touches", "0"),
            TestPlans.addNotNull(4, T, "qlen2", "integer", "qlen + 1"));
    return TestPlans.plan(all.subList(0, head).toArray(PlannedMigration[]::new));
  }

  /** Release 2's write: it names {@code body} and {@code touches} (migration 3 drops touches). */
  private void release2Writes(long id) throws SQLException {
    db.execute(
        "BEGIN; SET LOCAL straddle.head = '2'; INSERT INTO "
            + T
            + " (id, queue, qlen, body, touches) VALUES ("
            + id
            + ", 'q', 1, 'b', 7); UPDATE "
            + T
            + " SET touches = touches + 1 WHERE id = "
            + id
            + "; COMMIT");
    assertEquals(8, query("SELECT touches FROM " + T + " WHERE id = " + id));
  }

  private List<CliRun> concurrently(MigrationPlan plan, String... args) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<CliRun>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return cli(plan, args);
              }));
    }
    start.countDown();
    List<CliRun> outcomes = new ArrayList<>();
    for (CompletableFuture<CliRun> run : runs) {
      outcomes.add(run.get(120, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  /**
   * Point 3 over three releases with the flag: build 3's migrate, rerun and run twice at once,
   * contracts 1 and 2 (release 2 replaced) but never 3, which release 2 still writes.
   */
  @Test
  void threeReleasesWithTheFlagNeverContractWhatTheReplacedReleaseUses() throws Exception {
    assertEquals(StraddleCli.OK, cli(release(1), "migrate", "--previous-release-gone").code());
    CliRun two = cli(release(2), "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, two.code(), two.toString());
    assertEquals("1:contracted,2:backfilled", phases());
    for (CliRun o : concurrently(release(3), "migrate", "--previous-release-gone")) {
      assertEquals(StraddleCli.OK, o.code(), o.toString());
    }
    assertEquals("1:contracted,2:contracted,3:backfilled", phases());
    release2Writes(2001);
    CliRun rerun = cli(release(3), "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, rerun.code(), rerun.toString());
    assertTrue(!rerun.out().contains("phase=contracted"), rerun.toString());
    assertTrue(rerun.out().contains("note "), rerun.toString());
    assertEquals("1:contracted,2:contracted,3:backfilled", phases());
    release2Writes(2002);
    // The rollout of release 3 is done: contract says so.
    assertEquals(StraddleCli.OK, cli(release(3), "contract", "--previous-release-gone").code());
    assertEquals("1:contracted,2:contracted,3:contracted", phases());
  }

  /**
   * Point 3 without any flag, the registry in use (release 2's instance registered, release 1
   * gone): build 3's migrate, twice at once and rerun, contracts what no live instance needs up to
   * release 2, never 3.
   */
  @Test
  void threeReleasesWithTheRegistryAndNoFlagNeverContractWhatTheReplacedReleaseUses()
      throws Exception {
    try (Registration release1 = instance(1).instanceRegistry().register()) {
      Await.until("registered", () -> release1.heartbeats() >= 1);
      assertEquals(StraddleCli.OK, cli(release(1), "migrate").code());
      CliRun two = cli(release(2), "migrate");
      assertEquals(StraddleCli.OK, two.code(), two.toString());
      assertEquals("1:contracted,2:backfilled", phases());
    }
    try (Registration release2 = instance(2).instanceRegistry().register()) {
      Await.until("registered", () -> release2.heartbeats() >= 1);
      for (CliRun o : concurrently(release(3), "migrate")) {
        assertEquals(StraddleCli.OK, o.code(), o.toString());
      }
      assertEquals("1:contracted,2:contracted,3:backfilled", phases());
      release2Writes(3001);
      CliRun rerun = cli(release(3), "migrate");
      assertEquals(StraddleCli.OK, rerun.code(), rerun.toString());
      assertEquals("1:contracted,2:contracted,3:backfilled", phases());
      release2Writes(3002);
      // Contract while release 2 is live: refused, naming it.
      CliRun refused = cli(release(3), "contract");
      assertEquals(StraddleCli.REFUSED, refused.code(), refused.toString());
      assertEquals("1:contracted,2:contracted,3:backfilled", phases());
    }
  }

  /**
   * Point 3 with an application rollback: release 2 is deployed again after release 3 (its migrate,
   * run by the rolled-back deploy, succeeds and is recorded), so build 4's migrate replaces release
   * 2, not 3, and keeps migration 3, which release 2 still writes. Before, the older build's
   * migrate was refused (exit 3, nothing recorded) and build 4 contracted 3.
   */
  @Test
  void anApplicationRolledBackToAnOlderBuildIsTheReleaseTheNextDeployReplaces() throws Exception {
    assertEquals(StraddleCli.OK, cli(release(1), "migrate", "--previous-release-gone").code());
    assertEquals(StraddleCli.OK, cli(release(2), "migrate", "--previous-release-gone").code());
    CliRun restart = cli(release(1), "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, restart.code(), restart.toString());
    assertEquals(StraddleCli.OK, cli(release(3), "migrate", "--previous-release-gone").code());
    assertEquals("1:contracted,2:backfilled,3:backfilled", phases());
    CliRun rollback = cli(release(2), "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, rollback.code(), rollback.toString());
    assertEquals("1:contracted,2:backfilled,3:backfilled", phases());
    release2Writes(4001);
    CliRun four = cli(release(4), "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, four.code(), four.toString());
    assertEquals("1:contracted,2:contracted,3:backfilled,4:backfilled", phases());
    release2Writes(4002);
  }

  /**
   * Point 4: the run lock's backend terminated while it builds an index concurrently: exit 1 naming
   * migration and phase, the history truthful (expanded), and a rerun drops the INVALID leftover
   * and builds the index.
   */
  @Test
  void theLockLostDuringAnIndexBuildStopsTheRunAndARerunBuildsIt() throws Exception {
    db.execute(
        "CREATE OR REPLACE FUNCTION adv_slow(bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE"
            + " AS $$ BEGIN PERFORM pg_sleep(0.02); RETURN $1; END $$");
    String create =
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"adv_slow_idx\" ON \"" + T + "\" (adv_slow(id))";
    MigrationPlan plan =
        TestPlans.plan(
            new PlannedMigration(
                1,
                "Slow index",
                "sha-adv-slow-index",
                List.of(),
                List.of(),
                List.of(),
                List.of(SchemaExpectation.tableExists(T)),
                List.of(new IndexBuild(T, "adv_slow_idx", create))));
    CompletableFuture<CliRun> run =
        CompletableFuture.supplyAsync(() -> cli(plan, "migrate", "--previous-release-gone"));
    String builder =
        "SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%adv_slow_idx%'"
            + " AND state = 'active'";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query("SELECT count(*) FROM (" + builder + ") b") == 0) {
      assertTrue(System.nanoTime() < deadline, "the index build did not start");
      Thread.sleep(10);
    }
    String holder =
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = "
            + (RunLock.CLASS_KEY & 0xffffffffL)
            + " AND objid::bigint = "
            + (RunLock.objectKey("straddle") & 0xffffffffL)
            + " AND objsubid = 2";
    assertEquals(1, query("SELECT count(*) FROM (" + builder + " INTERSECT " + holder + ") same"));
    assertEquals(1, query("SELECT count(pg_terminate_backend(pid)) FROM (" + holder + ") h"));
    CliRun lost = run.get(60, TimeUnit.SECONDS);
    assertEquals(StraddleCli.FAILED, lost.code(), lost.toString());
    assertTrue(
        lost.err().startsWith("error kind=failed migration=1 phase=backfill"), lost.toString());
    assertTrue(lost.err().contains("run lock"), lost.toString());
    assertEquals("1:expanded", phases());

    CliRun rerun = cli(plan, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, rerun.code(), rerun.toString());
    assertEquals("1:backfilled", phases());
    assertEquals(
        "true",
        textOf(
            "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'adv_slow_idx'::regclass"));
  }
}
