package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The startup guard: inside the window for several heads, before expand (no history table at all),
 * after expand without backfill, after a contract that is premature for an old build; FAIL throws
 * naming the migration, phase and fixing command, WARN logs and lets the application start.
 */
@ExtendWith(PostgresExtension.class)
class StartupGuardTest {

  final TestDatabase db;

  StartupGuardTest(TestDatabase db) {
    this.db = db;
  }

  static final String T = "guard_jobs";
  static final PlannedMigration M1 = TestPlans.rename(1, T, "queue", "queue_name", "text");
  static final PlannedMigration M2 =
      TestPlans.addNotNull(
          2, T, "priority", "integer", "CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END");
  static final MigrationPlan HEAD0 = TestPlans.plan();
  static final MigrationPlan HEAD1 = TestPlans.plan(M1);
  static final MigrationPlan HEAD2 = TestPlans.plan(M1, M2);

  StartupGuard guard(MigrationPlan plan) {
    return unregistered(plan, "hist_guard");
  }

  /** The guard of an application of {@code plan} that does not register. */
  StartupGuard unregistered(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .load()
        .unregisteredStartupGuard();
  }

  StraddleException refused(MigrationPlan plan) {
    StraddleException e = assertThrows(StraddleException.class, () -> guard(plan).check());
    assertEquals(StraddleException.Kind.REFUSED, e.kind());
    assertEquals(ErrorCode.OUTSIDE_WINDOW, e.code());
    return e;
  }

  void ok(MigrationPlan plan) {
    StartupGuard.Result result = guard(plan).check();
    assertTrue(result.ok(), result.problems().toString());
  }

  @Test
  void guardsEveryPhaseForSeveralHeads() throws Exception {
    db.execute(TestPlans.jobsTable(T, 500));
    Straddle straddle =
        Straddle.configure(HEAD2)
            .dataSource(db.dataSource())
            .historySchema("hist_guard")
            .lockTimeout(Duration.ofSeconds(1))
            .load();

    // No history table yet: everything pending. Head 0 code is fine; head 1 and 2 are not.
    ok(HEAD0);
    String before = refused(HEAD2).getMessage();
    assertTrue(before.startsWith("[StraddleOutsideWindow] refusing to start"), before);
    assertTrue(before.contains("head 2"), before);
    assertTrue(
        before.contains("migration 1 (Rename guard_jobs.queue to queue_name) is pending"), before);
    assertTrue(before.contains("migration 2 (Add guard_jobs.priority) is pending"), before);
    // An anonymous plan class: the fix names the generated class's default name.
    assertTrue(before.contains("run `StraddlePlan migrate`"), before);
    try (Connection c = db.connect()) {
      assertEquals(
          0, TestPlans.count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hist_guard'"));
    }

    // Expanded, not backfilled: still outside for heads 1 and 2, inside for 0.
    straddle.expand(Backfill.DEFER);
    ok(HEAD0);
    String expanded = refused(HEAD1).getMessage();
    assertTrue(
        expanded.contains(
            "migration 1 (Rename guard_jobs.queue to queue_name) is only expanded: run"
                + " `StraddlePlan backfill`"),
        expanded);
    assertFalse(expanded.contains("migration 2"), expanded);
    assertTrue(refused(HEAD2).getMessage().contains("migration 2 (Add guard_jobs.priority)"));

    // Backfilled: every head 0..2 is inside.
    straddle.backfill();
    ok(HEAD0);
    ok(HEAD1);
    ok(HEAD2);
    assertTrue(straddle.unregisteredStartupGuard().check().ok());

    // Contract of 1: head 0 is now too old; 1 and 2 still fine.
    straddle.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE);
    String tooOld = refused(HEAD0).getMessage();
    assertTrue(
        tooOld.contains(
            "migration 1 (Rename guard_jobs.queue to queue_name) is contracted but this build's"
                + " head is 0: this build is too old for the database"),
        tooOld);
    ok(HEAD1);
    ok(HEAD2);

    // WARN: same findings, no exception.
    StartupGuard.Result warned = guard(HEAD0).mode(StartupGuard.Mode.WARN).check();
    assertFalse(warned.ok());
    assertEquals(1, warned.problems().size());
    assertEquals(ErrorCode.OUTSIDE_WINDOW, warned.problems().get(0).code());
    assertTrue(warned.problems().get(0).text().contains("too old"), warned.problems().toString());
    assertEquals(Phase.CONTRACTED, warned.status().migrations().get(0).phase());
  }

  @Test
  void changedMigrationIsRefused() throws Exception {
    String t = "guard_changed";
    db.execute(TestPlans.jobsTable(t, 10));
    PlannedMigration m = TestPlans.rename(1, t, "queue", "queue_name", "text");
    Straddle.configure(TestPlans.plan(m))
        .dataSource(db.dataSource())
        .historySchema("hist_guard_changed")
        .load()
        .migrate();
    StraddleException e =
        assertThrows(
            StraddleException.class,
            () ->
                unregistered(TestPlans.plan(TestPlans.tampered(m)), "hist_guard_changed")
                    .command("app-migrate")
                    .check());
    assertTrue(e.getMessage().contains("was changed after it was applied"), e.getMessage());
    assertTrue(e.getMessage().contains("run `app-migrate verify`"), e.getMessage());
  }

  @Test
  void dataSourceWrapperGuardsItsFirstConnection() throws Exception {
    String schema = "hist_guard_ds";
    String t = "guard_ds";
    db.execute(TestPlans.jobsTable(t, 10));
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(1, t, "queue", "queue_name", "text"));

    StraddleDataSource failing =
        StraddleDataSource.wrap(db.dataSource(), 1).withStartupGuard(unregistered(plan, schema));
    StraddleException e = assertThrows(StraddleException.class, failing::getConnection);
    assertTrue(e.getMessage().contains("migration 1"), e.getMessage());
    // Still refused on the next call: a failed guard is checked again.
    assertThrows(StraddleException.class, failing::getConnection);

    StraddleDataSource warning =
        StraddleDataSource.wrap(db.dataSource(), 1)
            .withStartupGuard(unregistered(plan, schema).mode(StartupGuard.Mode.WARN));
    try (Connection c = warning.getConnection()) {
      assertEquals("1", TestPlans.text(c, "SELECT current_setting('straddle.head')"));
    }

    Straddle.configure(plan).dataSource(db.dataSource()).historySchema(schema).load().migrate();
    try (Connection c = failing.getConnection()) {
      assertTrue(c.isValid(1));
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            StraddleDataSource.wrap(db.dataSource(), 7)
                .withStartupGuard(unregistered(plan, "straddle")));
    assertSame(StartupGuard.Mode.FAIL, unregistered(plan, "straddle").mode());
    assertEquals(List.of(), unregistered(TestPlans.plan(), "straddle").check().problems());
  }
}
