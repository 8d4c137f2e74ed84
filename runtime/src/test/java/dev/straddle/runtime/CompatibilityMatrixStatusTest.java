package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code status --matrix} on the states a deploy of a release that ships two migrations passes
 * through: release 1 (head 1) keeps running while release 2 (head 3) expands and backfills
 * migrations 2 and 3, and both are shown working on that state.
 */
@ExtendWith(PostgresExtension.class)
class CompatibilityMatrixStatusTest {

  final TestDatabase db;

  CompatibilityMatrixStatusTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void bothReleasesWorkWhileTheSecondShipsTwoMigrations() throws Exception {
    String t = "mx_jobs";
    String s = "hist_mx";
    db.execute(TestPlans.jobsTable(t, 100));
    PlannedMigration m1 = TestPlans.addNotNull(1, t, "qlen", "integer", "length(queue)");
    PlannedMigration m2 =
        TestPlans.addNotNull(
            2, t, "priority", "integer", "CASE WHEN queue = 'urgent' THEN 1 ELSE 0 END");
    PlannedMigration m3 = TestPlans.dropWithDown(3, t, "payload", "'p' || id");
    MigrationPlan release1 = TestPlans.plan(m1);
    MigrationPlan release2 = TestPlans.plan(m1, m2, m3);
    assertEquals(StraddleCli.OK, cli(release1, "migrate", "--schema", s).code);

    try (Registration one = register(1, s)) {
      // Release 2's migrations expanded and backfilled, nothing contracted.
      Run expand = cli(release2, "expand", "--schema", s);
      assertEquals(StraddleCli.OK, expand.code, expand.err);
      try (Registration three = register(3, s)) {
        String matrix = matrix(release2, s);
        assertTrue(matrix.contains("| migration | phase | head 1 | head 3 |"), matrix);
        assertTrue(matrix.contains("| 2 Add mx_jobs.priority | backfilled | ✅ | ✅ |"), matrix);
        assertTrue(matrix.contains("| 3 Drop mx_jobs.payload | backfilled | ✅ | ✅ |"), matrix);
        assertTrue(matrix.contains("| **inside window** | | ✅ | ✅ |"), matrix);
        assertFalse(matrix.contains("❌"), matrix);
        assertTrue(
            matrix.contains(
                "schema state: nothing contracted, backfilled through 3;"
                    + " code with head h works when h ≤ 3"),
            matrix);

        // migrate contracts what no live head needs (1), and keeps 2 and 3 for head 1.
        Run migrate = cli(release2, "migrate", "--schema", s);
        assertEquals(StraddleCli.OK, migrate.code, migrate.err);
        matrix = matrix(release2, s);
        assertTrue(matrix.contains("| 1 Add mx_jobs.qlen | contracted | ✅ | ✅ |"), matrix);
        assertTrue(matrix.contains("| **inside window** | | ✅ | ✅ |"), matrix);
        assertTrue(
            matrix.contains(
                "schema state: contracted through 1, backfilled through 3;"
                    + " code with head h works when 1 ≤ h ≤ 3"),
            matrix);
      }
    }
  }

  private String matrix(MigrationPlan plan, String schema) {
    Run run = cli(plan, "status", "--matrix", "--schema", schema);
    assertEquals(StraddleCli.OK, run.code, run.err);
    return run.out;
  }

  private Registration register(int head, String schema) throws Exception {
    Registration r =
        Straddle.configure(TestPlans.head(head))
            .dataSource(db.dataSource())
            .historySchema(schema)
            .heartbeatEvery(Duration.ofMillis(100))
            .expireAfter(Duration.ofSeconds(5))
            .application("head-" + head)
            .host("test-host")
            .shutdownHook(false)
            .load()
            .instanceRegistry()
            .register();
    Await.until(
        "head " + head + " registered",
        () ->
            Straddle.configure(TestPlans.head(head))
                .dataSource(db.dataSource())
                .historySchema(schema)
                .load()
                .instanceRegistry()
                .live()
                .stream()
                .anyMatch(i -> i.id().equals(r.id())));
    return r;
  }

  record Run(int code, String out, String err) {}

  private Run cli(MigrationPlan plan, String... args) {
    CliRun run = CliRun.run(plan, CliRun.environmentOf(db), args);
    return new Run(run.code(), run.out(), run.err());
  }
}
