package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One configuration (issue 14, point 3): the runner, the registry and the startup guard come from
 * one {@link StraddleConfiguration}, so they read and write one history schema; the application
 * registers before its guard runs, and the wrong order is an error; typed requests do what the
 * booleans did.
 */
@ExtendWith(PostgresExtension.class)
class ConfigurationTest {

  final TestDatabase db;

  ConfigurationTest(TestDatabase db) {
    this.db = db;
  }

  /** Migration 1 renames queue → queue_name. */
  static MigrationPlan plan(String t) {
    return TestPlans.plan(TestPlans.rename(1, t, "queue", "queue_name", "text"));
  }

  FluentConfiguration configure(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .heartbeatEvery(Duration.ofMillis(100))
        .expireAfter(Duration.ofSeconds(5))
        .host("test-host")
        .shutdownHook(false);
  }

  long instancesIn(String schema) throws Exception {
    try (Connection c = db.connect()) {
      if (count(
              c,
              "SELECT count(*) FROM pg_tables WHERE schemaname = '"
                  + schema
                  + "'"
                  + " AND tablename = 'straddle_instances'")
          == 0) {
        return 0;
      }
      return count(c, "SELECT count(*) FROM " + schema + ".straddle_instances");
    }
  }

  /**
   * The schema is said once: the registration lands where the runner's contract guard looks, and
   * the guard reads the history the runner wrote. (Before, each took its own schema, default
   * "straddle": a registry configured apart from the runner made the contract guard "not in use".)
   */
  @Test
  void runnerRegistryAndGuardShareTheHistorySchema() throws Exception {
    String t = "cfg_jobs";
    String s = "hist_cfg";
    db.execute(TestPlans.jobsTable(t, 20));
    Straddle deploy = configure(plan(t), s).load();
    assertEquals(s, deploy.configuration().historySchema());
    deploy.migrate();

    // Release 1 is running: head 1, same configuration (the guard passes: migration 1 is
    // backfilled in hist_cfg, and pending in the default schema, where it would refuse).
    try (Registration release1 = configure(plan(t), s).application("release-1").load().start()) {
      assertEquals(1, instancesIn(s));
      assertEquals(0, instancesIn(StraddleConfiguration.DEFAULT_HISTORY_SCHEMA));
      assertEquals(List.of(1), deploy.status().liveHeads());
      assertTrue(release1.checkStartup().ok());
      assertEquals(s, release1.startupGuard().historySchema());

      // An older instance (head 0) in the same schema: the contract guard sees it.
      try (Registration old =
          configure(TestPlans.head(0), s).application("release-0").load().start()) {
        StraddleException refused = assertThrows(StraddleException.class, deploy::contract);
        assertEquals(StraddleException.Kind.REFUSED, refused.kind());
        assertTrue(refused.getMessage().contains("release-0"), refused.getMessage());
        assertTrue(old.heartbeats() >= 1);
      }
    }
  }

  /** An invalid schema is refused once, by the configuration, before any component exists. */
  @Test
  void invalidOptionsAreRefusedByTheConfiguration() {
    MigrationPlan plan = TestPlans.plan();
    assertThrows(
        IllegalArgumentException.class, () -> Straddle.configure(plan).historySchema("Ops"));
    assertThrows(
        IllegalArgumentException.class, () -> Straddle.configure(plan).lockTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Straddle.configure(plan)
                .dataSource(db.dataSource())
                .heartbeatEvery(Duration.ofSeconds(10))
                .expireAfter(Duration.ofSeconds(10))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () -> Straddle.configure(plan).dataSource(db.dataSource()).maxBatch(50).build());
    assertThrows(IllegalStateException.class, () -> Straddle.configure(plan).build());
    StraddleConfiguration defaults = Straddle.configure(plan).dataSource(db.dataSource()).build();
    assertEquals("straddle", defaults.historySchema());
    assertEquals(Duration.ofMillis(500), defaults.lockTimeout());
    assertEquals(100, defaults.minBatch());
    assertEquals(50_000, defaults.maxBatch());
  }

  /**
   * The wrong order (guard, then register) cannot happen silently: once the guard ran without a
   * registration, registering through the same Straddle throws and registers nothing.
   */
  @Test
  void registeringAfterAnUnregisteredGuardIsAnError() throws Exception {
    String s = "hist_cfg_order";
    Straddle app = configure(TestPlans.plan(), s).load();
    assertTrue(app.unregisteredStartupGuard().check().ok());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> app.instanceRegistry().register());
    assertTrue(e.getMessage().contains("register before the startup guard"), e.getMessage());
    assertThrows(IllegalStateException.class, app::start);
    assertEquals(0, instancesIn(s));
  }

  /**
   * {@code start()} registers first, then guards; outside the window the registration is closed
   * again (no live instance of a build that did not start) and the guard's refusal is thrown.
   */
  @Test
  void startRegistersThenGuardsAndDeregistersWhenRefused() throws Exception {
    String t = "cfg_start";
    String s = "hist_cfg_start";
    db.execute(TestPlans.jobsTable(t, 10));
    Straddle app = configure(plan(t), s).application("too-early").load();
    StraddleException refused = assertThrows(StraddleException.class, app::start);
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(refused.getMessage().contains("migration 1"), refused.getMessage());
    // It had registered (the table exists) and deregistered on the refusal.
    assertEquals(0, instancesIn(s));
    try (Connection c = db.connect()) {
      assertEquals(
          1,
          count(
              c,
              "SELECT count(*) FROM pg_tables WHERE schemaname = '"
                  + s
                  + "' AND tablename = 'straddle_instances'"));
    }

    // WARN starts anyway, registered.
    try (Registration warned = app.start(StartupGuard.Mode.WARN)) {
      assertEquals(1, instancesIn(s));
      assertFalse(warned.checkStartup(StartupGuard.Mode.WARN).ok());
    }
    assertEquals(0, instancesIn(s));
  }

  /** The typed requests do what the booleans did. */
  @Test
  void typedRequestsDoWhatTheFlagsDid() throws Exception {
    String t = "cfg_typed";
    String s = "hist_cfg_typed";
    db.execute(TestPlans.jobsTable(t, 30));
    Straddle straddle = configure(plan(t), s).load();

    // expand(Backfill.DEFER) = expand(false): expanded only.
    assertEquals(List.of("1 expanded"), straddle.expand(Backfill.DEFER).stepTexts());
    assertEquals(List.of("1 backfilled"), straddle.expand().stepTexts());

    // No registry: the default policy contracts nothing (migrate) or is refused (contract).
    assertEquals(List.of(), straddle.migrate().stepTexts());
    assertThrows(StraddleException.class, straddle::contract);
    assertFalse(straddle.plan().contains("DROP COLUMN"), straddle.plan());

    // An old instance registers: PREVIOUS_RELEASE_GONE is still refused, FORCE overrides.
    try (Registration old = configure(TestPlans.head(0), s).load().start()) {
      assertTrue(old.heartbeats() >= 1);
      assertThrows(
          StraddleException.class,
          () -> straddle.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE));
      assertTrue(
          straddle.plan(ContractPolicy.FORCE).contains("DROP COLUMN \"queue\""),
          straddle.plan(ContractPolicy.FORCE));
      assertEquals(List.of("1 contracted"), straddle.contract(ContractPolicy.FORCE).stepTexts());
    }
  }

  @Test
  void policyOfTheCommandLineFlags() {
    assertEquals(ContractPolicy.REGISTERED_INSTANCES, ContractPolicy.of(false, false));
    assertEquals(ContractPolicy.PREVIOUS_RELEASE_GONE, ContractPolicy.of(true, false));
    assertEquals(ContractPolicy.FORCE, ContractPolicy.of(false, true));
    assertEquals(ContractPolicy.FORCE, ContractPolicy.of(true, true));
  }
}
