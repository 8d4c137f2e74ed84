package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The instance registry and the contract guard: registered instances heartbeat; contract (and
 * migrate) refuse to drop what a live instance of older code uses, naming it; allowed once it
 * deregisters or expires; {@code --force} overrides and is recorded; status shows who needs what.
 */
@ExtendWith(PostgresExtension.class)
class InstanceRegistryTest {

  final TestDatabase db;

  InstanceRegistryTest(TestDatabase db) {
    this.db = db;
  }

  /** Migration 1 renames queue → queue_name; migration 2 adds priority. */
  static MigrationPlan plan(String t) {
    return TestPlans.plan(
        TestPlans.rename(1, t, "queue", "queue_name", "text"),
        TestPlans.addNotNull(
            2, t, "priority", "integer", "CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END"));
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofSeconds(1))
        .load();
  }

  /** The configuration of an instance of {@code head}: fast heartbeats, no shutdown hook. */
  static FluentConfiguration fast(
      javax.sql.DataSource dataSource, int head, String schema, String application) {
    return Straddle.configure(TestPlans.head(head))
        .dataSource(dataSource)
        .historySchema(schema)
        .heartbeatEvery(Duration.ofMillis(100))
        .expireAfter(Duration.ofSeconds(1))
        .application(application)
        .host("test-host")
        .shutdownHook(false);
  }

  Registration register(int head, String schema, String application) {
    return fast(db.dataSource(), head, schema, application).load().instanceRegistry().register();
  }

  Phase phase(Straddle straddle, int id) {
    return straddle.status().migrations().stream()
        .filter(m -> m.id() == id)
        .findFirst()
        .orElseThrow()
        .phase();
  }

  boolean live(String schema, Registration r) {
    return fast(db.dataSource(), 0, schema, "reader").load().instanceRegistry().live().stream()
        .anyMatch(i -> i.id().equals(r.id()));
  }

  @Test
  void contractRefusedWhileOlderInstanceHeartbeatsAllowedAfterItDeregisters() throws Exception {
    String t = "reg_jobs";
    String s = "hist_reg";
    db.execute(TestPlans.jobsTable(t, 300));
    Straddle straddle = straddle(plan(t), s);
    straddle.migrate(); // no registry yet: contracts nothing, expands + backfills 1 and 2

    try (Registration old = register(1, s, "jobs-old");
        Registration fresh = register(2, s, "jobs-new")) {
      Await.until("heartbeats", () -> old.heartbeats() >= 3 && fresh.heartbeats() >= 3);
      assertEquals(0, old.failedHeartbeats());

      StraddleException refused =
          assertThrows(
              StraddleException.class,
              () -> straddle.contractUpTo(2, ContractPolicy.REGISTERED_INSTANCES));
      assertEquals(StraddleException.Kind.REFUSED, refused.kind());
      assertEquals(ErrorCode.CONTRACT_NEEDED, refused.code());
      assertEquals(2, refused.migrationId());
      String message = refused.getMessage();
      assertTrue(message.contains("migration 2 (Add reg_jobs.priority) is still used"), message);
      assertTrue(message.contains(old.id().toString()), message);
      assertTrue(message.contains("head 1, host test-host"), message);
      assertTrue(message.contains("application jobs-old"), message);
      assertTrue(message.contains("last heartbeat"), message);
      assertFalse(message.contains(fresh.id().toString()), message);
      assertTrue(message.contains("--force"), message);
      // Refused before changing anything: not even migration 1 was contracted.
      assertEquals(Phase.BACKFILLED, phase(straddle, 1));
      // The explicit statement does not bypass the registry.
      assertThrows(
          StraddleException.class,
          () -> straddle.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE));
      // migrate contracts only what the release it replaces works with: no earlier build ran
      // here, so nothing (issue 12, point 3).
      RunResult migrated = straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
      assertEquals(List.of(), migrated.stepTexts());
      assertTrue(migrated.notes().get(0).contains("no earlier build is recorded"));
      assertEquals(Phase.BACKFILLED, phase(straddle, 1));

      // What no live instance needs: migration 1 (every live head >= 1). No flag needed now.
      assertEquals(
          List.of("1 contracted"),
          straddle.contractUpTo(1, ContractPolicy.REGISTERED_INSTANCES).stepTexts());
      // contract (registry mode) stops at what a live instance needs.
      assertThrows(
          StraddleException.class,
          () -> straddle.contractUpTo(2, ContractPolicy.REGISTERED_INSTANCES));
      assertEquals(Phase.BACKFILLED, phase(straddle, 2));

      // Status: who needs what, and the matrix.
      Status status = straddle.status();
      assertEquals(List.of(1, 2), status.liveHeads());
      MigrationState m2 = status.migrations().get(1);
      assertEquals(List.of(1), status.neededBy(m2));
      assertEquals(List.of(), status.neededBy(status.migrations().get(0)));
      String matrix = straddle.matrix();
      assertTrue(matrix.contains("| migration | phase | head 1 | head 2 |"), matrix);
      assertTrue(matrix.contains("| 1 Rename reg_jobs.queue to queue_name | contracted | ✅ | ✅ |"));
      assertTrue(matrix.contains("| 2 Add reg_jobs.priority | backfilled | ✅ | ✅ |"), matrix);

      old.close();
      assertFalse(live(s, old));
      assertTrue(live(s, fresh));
      assertEquals(
          List.of("2 contracted"),
          straddle.contractUpTo(2, ContractPolicy.REGISTERED_INSTANCES).stepTexts());
      try (Connection c = db.connect()) {
        assertEquals(
            "false",
            text(
                c,
                "SELECT contract_forced::text FROM " + s + ".straddle_history" + " WHERE id = 2"));
      }
      assertTrue(straddle.matrix().contains("| 2 Add reg_jobs.priority | contracted | ✅ |"));
    }
  }

  @Test
  void killedInstanceExpires() throws Exception {
    String t = "reg_killed";
    String s = "hist_killed";
    db.execute(TestPlans.jobsTable(t, 100));
    Straddle straddle = straddle(plan(t), s);
    straddle.migrate();
    Registration killed = register(1, s, "killed");
    try (Registration fresh = register(2, s, "fresh")) {
      Await.until("first heartbeats", () -> killed.heartbeats() >= 2);
      killed.simulateCrash(); // no deregistration: the row stays
      assertThrows(
          StraddleException.class,
          () -> straddle.contractUpTo(2, ContractPolicy.REGISTERED_INSTANCES));
      // A row of a long-dead instance does not count either.
      db.execute(
          "INSERT INTO "
              + s
              + ".straddle_instances (id, head, host, started_at, heartbeat_at, expiry_ms)"
              + " VALUES (gen_random_uuid(), 0, 'ghost', now() - interval '2 days',"
              + " now() - interval '1 day', 60000)");
      Await.until("killed instance expired", Duration.ofSeconds(20), () -> !live(s, killed));
      try (Connection c = db.connect()) {
        assertEquals(
            1,
            count(
                c,
                "SELECT count(*) FROM "
                    + s
                    + ".straddle_instances WHERE id = '"
                    + killed.id()
                    + "'"));
      }
      assertTrue(live(s, fresh), "the other instance keeps heartbeating");
      assertEquals(List.of("1 contracted", "2 contracted"), straddle.contract().stepTexts());
    }
    // A new registration prunes rows expired for long (the ghost), not recent ones.
    try (Registration later = register(2, s, "later")) {
      try (Connection c = db.connect()) {
        assertEquals(
            0, count(c, "SELECT count(*) FROM " + s + ".straddle_instances WHERE host = 'ghost'"));
      }
    }
  }

  @Test
  void forcedContractIsRecorded() throws Exception {
    String t = "reg_forced";
    String s = "hist_forced";
    db.execute(TestPlans.jobsTable(t, 100));
    MigrationPlan plan = plan(t);
    straddle(plan, s).migrate();
    try (Registration old = register(0, s, "ancient")) {
      Run refused = cli(plan, "contract", "--schema", s);
      assertEquals(StraddleCli.REFUSED, refused.code, refused.err);
      assertTrue(
          refused.err.startsWith("error kind=refused migration=1 phase=contract"), refused.err);
      assertTrue(refused.err.contains(old.id().toString()), refused.err);

      Run status = cli(plan, "status", "--schema", s);
      assertEquals(StraddleCli.OK, status.code, status.err);
      assertTrue(status.out.contains("live_heads=0"), status.out);
      assertTrue(status.out.contains("needed_by_heads=0 "), status.out);
      assertTrue(status.out.contains("instance id=" + old.id() + " head=0 host=\"test-host\""));
      Run matrix = cli(plan, "status", "--matrix", "--schema", s);
      assertTrue(matrix.out.contains("| migration | phase | head 0 |"), matrix.out);

      Run plan2 = cli(plan, "plan", "--schema", s);
      assertTrue(plan2.out.contains("-- kept (not contracted): migration 1"), plan2.out);

      Run forced = cli(plan, "contract", "--schema", s, "--force");
      assertEquals(StraddleCli.OK, forced.code, forced.err);
      assertTrue(forced.out.contains("step migration=2 phase=contracted"), forced.out);
      // The step names the live instance the contract overrode.
      assertTrue(
          forced.out.contains("step migration=1 phase=contracted forced_over=" + old.id() + "\n"),
          forced.out);
      try (Connection c = db.connect()) {
        assertEquals(
            2, count(c, "SELECT count(*) FROM " + s + ".straddle_history WHERE contract_forced"));
        String over =
            text(c, "SELECT contract_forced_over FROM " + s + ".straddle_history WHERE id = 1");
        assertTrue(over.contains(old.id().toString()) && over.contains("head 0"), over);
      }
      assertTrue(live(s, old), "force does not touch the registry");
    }
  }

  @Test
  void heartbeatSurvivesADroppedTableAndNeverThrows() throws Exception {
    String s = "hist_hb";
    try (Registration r = register(3, s, "hb")) {
      Await.until("registered", () -> live(s, r));
      db.execute("DROP TABLE " + s + ".straddle_instances");
      Await.until("re-registered", Duration.ofSeconds(20), () -> live(s, r));
      db.execute("DROP SCHEMA " + s + " CASCADE");
      Await.until("re-registered in a new schema", Duration.ofSeconds(20), () -> live(s, r));
    }
    // An unreachable database: registration logs and keeps trying, never throws.
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
    try (Registration r =
        fast(nowhere, 1, "straddle", "offline").load().instanceRegistry().register()) {
      Await.until("failed heartbeats counted", () -> r.failedHeartbeats() >= 2);
      assertEquals(0, r.heartbeats());
    }
  }

  @Test
  void withoutRegistryContractStillNeedsTheStatement() throws Exception {
    String t = "reg_none";
    String s = "hist_none";
    db.execute(TestPlans.jobsTable(t, 50));
    Straddle straddle = straddle(plan(t), s);
    assertEquals(
        List.of("1 expanded", "2 expanded", "1 backfilled", "2 backfilled").size(),
        straddle.migrate().stepTexts().size());
    StraddleException e = assertThrows(StraddleException.class, () -> straddle.contract());
    assertTrue(e.getMessage().contains("--previous-release-gone"), e.getMessage());
    assertTrue(e.getMessage().contains("InstanceRegistry"), e.getMessage());
    // migrate without registry and without the flag contracts nothing.
    assertEquals(List.of(), straddle.migrate().stepTexts());
    assertEquals(Phase.BACKFILLED, phase(straddle, 1));
    // This build ran alone: migrate does not know the release it replaces, so it contracts nothing
    // even with the flag; the explicit contract does.
    assertEquals(List.of(), straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
    assertEquals(
        List.of("1 contracted", "2 contracted"),
        straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
  }

  /**
   * An instance of older code registering after contract's upfront check (here: while the contract
   * waits for a lock on the application table) is seen by the re-check inside the contract's
   * transaction: its registration waits for that transaction, and the contract is refused instead
   * of dropping what the new instance uses.
   */
  @Test
  void instanceRegisteringDuringContractStopsIt() throws Exception {
    String t = "reg_race";
    String s = "hist_race";
    db.execute(TestPlans.jobsTable(t, 100));
    MigrationPlan plan = plan(t);
    Straddle straddle =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema(s)
            .lockTimeout(Duration.ofMillis(300))
            .retryBudget(Duration.ofSeconds(60))
            .load();
    straddle.migrate();
    try (Registration current = register(2, s, "current");
        Connection blocker = db.connect()) {
      blocker.setAutoCommit(false);
      try (var st = blocker.createStatement()) {
        st.execute("LOCK TABLE " + t + " IN ACCESS SHARE MODE"); // holds off DROP/SET NOT NULL
      }
      java.util.concurrent.CompletableFuture<RunResult> contract =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> straddle.contractUpTo(2, ContractPolicy.REGISTERED_INSTANCES));
      // The contract is inside its transaction, holding the registry lock, waiting for `t`.
      Await.until(
          "contract holds the registry lock",
          Duration.ofSeconds(30),
          () -> {
            try (Connection c = db.connect()) {
              return count(
                      c,
                      "SELECT count(*) FROM pg_locks WHERE granted AND mode = 'ShareLock' AND"
                          + " relation = to_regclass('"
                          + s
                          + ".straddle_instances')")
                  > 0;
            }
          });
      java.util.concurrent.CompletableFuture<Registration> late =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> register(0, s, "late"));
      Registration lateOne = late.get(60, java.util.concurrent.TimeUnit.SECONDS);
      try (lateOne) {
        blocker.commit();
        java.util.concurrent.ExecutionException e =
            assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> contract.get(60, java.util.concurrent.TimeUnit.SECONDS));
        StraddleException refused = (StraddleException) e.getCause();
        assertEquals(StraddleException.Kind.REFUSED, refused.kind());
        assertEquals(1, refused.migrationId());
        assertTrue(refused.getMessage().contains(lateOne.id().toString()), refused.getMessage());
        assertEquals(Phase.BACKFILLED, phase(straddle, 1));
        assertEquals(Phase.BACKFILLED, phase(straddle, 2));
        try (Connection c = db.connect()) {
          assertEquals(
              1,
              count(
                  c,
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                      + t
                      + "' AND column_name = 'queue'"));
        }
      }
      assertTrue(live(s, current));
    }
  }

  record Run(int code, String out, String err) {}

  Run cli(MigrationPlan plan, String... args) {
    CliRun run = CliRun.run(plan, CliRun.environmentOf(db), args);
    return new Run(run.code(), run.out(), run.err());
  }
}
