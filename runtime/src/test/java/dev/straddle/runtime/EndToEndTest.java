package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.runtime.sql.FunctionCalls;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every command, through the API and the CLI, on tables with rows. */
@ExtendWith(PostgresExtension.class)
class EndToEndTest {

  static final int ROWS = 2000;
  final TestDatabase db;

  EndToEndTest(TestDatabase db) {
    this.db = db;
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofSeconds(1))
        .batchRows(100, 500)
        .load();
  }

  static MigrationPlan chain(String table) {
    return TestPlans.plan(
        TestPlans.rename(10, table, "queue", "queue_name", "text"),
        TestPlans.addNotNull(
            11, table, "priority", "integer", "CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END"),
        TestPlans.dropWithDown(12, table, "payload", "'dropped'"));
  }

  @Test
  void everyCommandThroughTheApi() throws Exception {
    String t = "jobs_api";
    db.execute(TestPlans.jobsTable(t, ROWS));
    MigrationPlan plan = chain(t);
    Straddle straddle = straddle(plan, "hist_api");

    Status before = straddle.status();
    assertEquals(3, before.migrations().size());
    assertTrue(before.migrations().stream().allMatch(m -> m.phase() == Phase.PENDING));
    assertFalse(before.insideWindow());
    assertEquals(List.of(), straddle.verify());

    String dryRun = straddle.plan();
    assertTrue(dryRun.contains("CREATE OR REPLACE FUNCTION \"straddle_sync_" + t + "\"()"), dryRun);
    assertTrue(dryRun.contains("NEW.\"queue_name\" := NEW.\"queue\""), dryRun);
    assertTrue(dryRun.contains("CREATE TRIGGER \"_straddle_sync\""), dryRun);
    assertTrue(dryRun.contains("ADD COLUMN \"queue_name\" text"), dryRun);
    assertTrue(dryRun.contains("-- migration 11"), dryRun);
    try (Connection c = db.connect()) {
      // Only this test's table: other tests of the class share the database, in any order.
      assertEquals(
          0, count(c, "SELECT count(*) FROM pg_proc WHERE proname = 'straddle_sync_" + t + "'"));
    }

    RunResult expanded = straddle.expand(Backfill.DEFER);
    assertEquals(
        List.of("10 expanded", "11 expanded", "12 expanded backfilled"), expanded.stepTexts());
    try (Connection c = db.connect()) {
      assertEquals(ROWS, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS NULL"));
      assertEquals(
          1,
          count(
              c,
              "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
                  + t
                  + "'::regclass"));
      assertEquals(
          "expanded", text(c, "SELECT phase FROM hist_api.straddle_history WHERE id = 10"));
      assertEquals(
          "backfilled", text(c, "SELECT phase FROM hist_api.straddle_history WHERE id = 12"));
    }
    // Old code (head 0) writes the old shape; the trigger fills the new columns.
    try (Connection old = db.connectAsHead(0)) {
      old.createStatement()
          .execute("INSERT INTO " + t + " (id, queue, payload) VALUES (100001, 'urgent', 'x')");
      assertEquals("urgent", text(old, "SELECT queue_name FROM " + t + " WHERE id = 100001"));
      assertEquals("10", text(old, "SELECT priority FROM " + t + " WHERE id = 100001"));
    }
    assertTrue(straddle.plan().contains("-- migration 11 (Add " + t + ".priority): backfill"));

    RunResult backfilled = straddle.backfill();
    assertEquals(List.of("10 backfilled", "11 backfilled"), backfilled.stepTexts());
    // 10's backfill runs through the trigger as head 9 (11's UP applies to such a writer), so it
    // also computes priority; 11's backfill then finds every row newer than its expand.
    assertEquals(ROWS, backfilled.rowsBackfilled());
    // Each step reports the rows its backfill rewrote: here all of them in 10's.
    assertEquals(
        ROWS,
        backfilled.steps().stream().mapToLong(RunResult.Step::rows).sum(),
        backfilled.toString());
    assertEquals(RunResult.Step.Kind.BACKFILLED, backfilled.steps().get(0).kind());
    try (Connection c = db.connect()) {
      assertEquals(
          0, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS DISTINCT FROM queue"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM "
                  + t
                  + " WHERE priority IS DISTINCT FROM"
                  + " (CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END)"));
      assertEquals(
          ROWS, count(c, "SELECT backfill_rows FROM hist_api.straddle_history WHERE id = 10"));
      assertEquals(
          0, count(c, "SELECT backfill_rows FROM hist_api.straddle_history WHERE id = 11"));
    }
    Status after = straddle.status();
    assertTrue(after.insideWindow());
    assertTrue(after.migrations().stream().allMatch(m -> m.phase() == Phase.BACKFILLED));

    StraddleException refused = assertThrows(StraddleException.class, () -> straddle.contract());
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());

    RunResult contracted = straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(
        List.of("10 contracted", "11 contracted", "12 contracted"), contracted.stepTexts());
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name IN ('queue', 'payload')"));
      assertEquals(
          "NO",
          text(
              c,
              "SELECT is_nullable FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'queue_name'"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
                  + t
                  + "'::regclass"));
      assertNull(text(c, "SELECT to_regprocedure('straddle_sync_" + t + "()')::text"));
    }
    assertEquals(List.of(), straddle.verify());
    assertEquals(List.of(), straddle.expand().stepTexts());
  }

  @Test
  void everyCommandThroughTheCli() throws Exception {
    String t = "jobs_cli";
    db.execute(TestPlans.jobsTable(t, ROWS));
    MigrationPlan plan = chain(t);

    Run status = cli(plan, "status", "--schema", "hist_cli");
    assertEquals(StraddleCli.OK, status.code, status.err);
    assertTrue(status.out.contains("straddle head=12 inside_window=false"), status.out);
    assertTrue(status.out.contains("migration id=10 phase=pending known=true"), status.out);

    Run dry = cli(plan, "plan", "--schema", "hist_cli");
    assertEquals(StraddleCli.OK, dry.code, dry.err);
    assertTrue(dry.out.contains("CREATE OR REPLACE FUNCTION \"straddle_sync_" + t), dry.out);

    Run verify = cli(plan, "verify", "--schema", "hist_cli");
    assertEquals(StraddleCli.OK, verify.code, verify.out);
    assertTrue(verify.out.contains("verify ok"));

    Run expand = cli(plan, "expand", "--no-backfill", "--schema", "hist_cli");
    assertEquals(StraddleCli.OK, expand.code, expand.err);
    assertTrue(expand.out.contains("step migration=10 phase=expanded"), expand.out);
    assertTrue(expand.out.contains("ok command=expand steps=3"), expand.out);

    Run backfill = cli(plan, "backfill", "--schema", "hist_cli", "--batch-max", "300");
    assertEquals(StraddleCli.OK, backfill.code, backfill.err);
    assertTrue(backfill.out.contains("rows_backfilled=" + ROWS), backfill.out);

    Run contractRefused = cli(plan, "contract", "--schema", "hist_cli");
    assertEquals(StraddleCli.REFUSED, contractRefused.code);
    assertTrue(contractRefused.err.contains("--previous-release-gone"), contractRefused.err);

    Run contract =
        cli(plan, "contract", "--schema", "hist_cli", "--previous-release-gone", "--up-to", "10");
    assertEquals(StraddleCli.OK, contract.code, contract.err);
    assertTrue(contract.out.contains("step migration=10 phase=contracted"), contract.out);
    assertFalse(contract.out.contains("migration=11"), contract.out);

    // migrate with the flag contracts only what the release it replaces works with; no earlier
    // build ran here, so nothing, and it says why. The explicit contract does the rest.
    Run migrate = cli(plan, "migrate", "--schema", "hist_cli", "--previous-release-gone");
    assertEquals(StraddleCli.OK, migrate.code, migrate.err);
    assertTrue(migrate.out.contains("ok command=migrate steps=0"), migrate.out);
    assertTrue(migrate.out.contains("note \"migrations [11, 12] not contracted"), migrate.out);
    Run rest = cli(plan, "contract", "--schema", "hist_cli", "--previous-release-gone");
    assertEquals(StraddleCli.OK, rest.code, rest.err);
    assertTrue(rest.out.contains("step migration=12 phase=contracted"), rest.out);
    Run again = cli(plan, "migrate", "--schema", "hist_cli");
    assertTrue(again.out.contains("ok command=migrate steps=0"), again.out);

    assertEquals(StraddleCli.USAGE, cli(plan, "frobnicate").code);
    assertEquals(StraddleCli.USAGE, cli(plan, "status", "--bogus").code);
    assertEquals(
        StraddleCli.USAGE,
        StraddleCli.run(plan, new String[] {"status"}, sink(), sink(), Map.of()));
  }

  @Test
  void migrateExpandsAndBackfillsThenContractsOnTheNextDeploy() throws Exception {
    String t = "jobs_migrate";
    db.execute(TestPlans.jobsTable(t, ROWS));
    MigrationPlan first = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    Straddle deploy1 = straddle(first, "hist_migrate");
    assertEquals(
        List.of("10 expanded", "10 backfilled"),
        deploy1.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
    // The next build adds 11; the previous release (head 0) is gone: contract 10, expand 11.
    MigrationPlan second =
        TestPlans.plan(
            TestPlans.rename(10, t, "queue", "queue_name", "text"),
            TestPlans.addNotNull(11, t, "priority", "integer", "length(queue_name)"));
    Straddle deploy2 = straddle(second, "hist_migrate");
    assertEquals(
        List.of("10 contracted", "11 expanded", "11 backfilled"),
        deploy2.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM " + t + " WHERE priority IS DISTINCT FROM length(queue_name)"));
    }
  }

  @Test
  void contractThatLeavesAMigrationInFlightReplacesTheTriggerForTheWritersThatNeedIt()
      throws Exception {
    String t = "jobs_skip";
    TableName table = TableName.parse(t);
    db.execute(TestPlans.jobsTable(t, 100));
    Straddle straddle =
        straddle(
            TestPlans.plan(
                TestPlans.rename(10, t, "queue", "queue_name", "text"),
                TestPlans.addNotNull(11, t, "priority", "integer", "length(queue_name)")),
            "hist_skip");
    straddle.expand();
    // The rename's DOWN fragment applies to head 11: every writer runs the function.
    assertEquals(
        1,
        FunctionCalls.whileWriting(
            db,
            table,
            11,
            "INSERT INTO jobs_skip (id, queue_name, priority) VALUES (1001, 'a', 7)"));

    straddle.contractUpTo(10, ContractPolicy.PREVIOUS_RELEASE_GONE);
    // Only 11 (an UP fragment) is left: head 11 needs nothing and, where the trigger can be
    // replaced in place (PostgreSQL 14+), skips the function; head 10 still needs 11's UP.
    boolean replaceable;
    try (Connection c = db.connect()) {
      replaceable = c.getMetaData().getDatabaseMajorVersion() >= 14;
      assertEquals(
          replaceable ? 0 : 1,
          FunctionCalls.whileWriting(
              db,
              table,
              11,
              "INSERT INTO jobs_skip (id, queue_name, priority) VALUES (1002, 'bb', 9)"));
      assertEquals(
          1,
          FunctionCalls.whileWriting(
              db, table, 10, "INSERT INTO jobs_skip (id, queue_name) VALUES (1003, 'ccc')"));
      assertEquals(
          "a:7,bb:9,ccc:3",
          text(
              c,
              "SELECT string_agg(queue_name || ':' || priority, ',' ORDER BY id) FROM jobs_skip"
                  + " WHERE id > 1000"));
    }
  }

  @Test
  void editedMigrationIsRefusedAndNothingChanges() throws Exception {
    String t = "jobs_tamper";
    db.execute(TestPlans.jobsTable(t, 200));
    PlannedMigration rename = TestPlans.rename(10, t, "queue", "queue_name", "text");
    straddle(TestPlans.plan(rename), "hist_tamper").expand();
    PlannedMigration add = TestPlans.addNotNull(11, t, "priority", "integer", "1");
    MigrationPlan edited = TestPlans.plan(TestPlans.tampered(rename), add);

    StraddleException e =
        assertThrows(StraddleException.class, () -> straddle(edited, "hist_tamper").expand());
    assertEquals(StraddleException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Run cli = cli(edited, "migrate", "--schema", "hist_tamper");
    assertEquals(StraddleCli.REFUSED, cli.code, cli.err);
    try (Connection c = db.connect()) {
      assertEquals(1, count(c, "SELECT count(*) FROM hist_tamper.straddle_history"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'priority'"));
    }
    assertFalse(straddle(edited, "hist_tamper").verify().isEmpty());
  }

  @Test
  void aPendingMigrationBelowAnAppliedOneIsRefused() throws Exception {
    String t = "jobs_order";
    db.execute(TestPlans.jobsTable(t, 50));
    PlannedMigration rename = TestPlans.rename(10, t, "queue", "queue_name", "text");
    PlannedMigration add = TestPlans.addNotNull(11, t, "priority", "integer", "1");
    straddle(TestPlans.plan(add), "hist_order").migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    Straddle both = straddle(TestPlans.plan(rename, add), "hist_order");
    List<Problem> problems = both.status().problems();
    assertEquals(List.of(ErrorCode.OUT_OF_ORDER), problems.stream().map(Problem::code).toList());
    StraddleException e = assertThrows(StraddleException.class, () -> both.expand());
    assertEquals(ErrorCode.HISTORY_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("[StraddleOutOfOrder] migration 10"), e.getMessage());
  }

  @Test
  void unknownMigrationContractedIsRefusedButExpandedOrBackfilledIsFine() throws Exception {
    String t = "jobs_unknown";
    db.execute(TestPlans.jobsTable(t, 200));
    PlannedMigration rename = TestPlans.rename(10, t, "queue", "queue_name", "text");
    PlannedMigration add = TestPlans.addNotNull(11, t, "priority", "integer", "1");
    straddle(TestPlans.plan(rename, add), "hist_unknown").expand(Backfill.DEFER);
    straddle(TestPlans.plan(rename, add), "hist_unknown").backfill();
    // A build with head 10 while 11 is backfilled: still inside its window (an application
    // rolled back to it), so it runs and leaves 11 alone.
    Straddle older = straddle(TestPlans.plan(rename), "hist_unknown");
    assertEquals(List.of(), older.status().problems());
    assertEquals(List.of(), older.backfill().stepTexts());
    // Once 11 is contracted, code with head 10 breaks: the build is refused.
    straddle(TestPlans.plan(rename, add), "hist_unknown")
        .contractUpTo(11, ContractPolicy.PREVIOUS_RELEASE_GONE);
    StraddleException e = assertThrows(StraddleException.class, older::backfill);
    assertEquals(StraddleException.Kind.REFUSED, e.kind());
    assertEquals(ErrorCode.HISTORY_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("[StraddleUnknownMigration] migration 11"), e.getMessage());
    assertTrue(e.getMessage().contains("migration 11"), e.getMessage());
    assertFalse(older.status().problems().isEmpty());

    String t2 = "jobs_unknown2";
    db.execute(TestPlans.jobsTable(t2, 200));
    PlannedMigration rename2 = TestPlans.rename(20, t2, "queue", "queue_name", "text");
    PlannedMigration add2 = TestPlans.addNotNull(21, t2, "priority", "integer", "1");
    straddle(TestPlans.plan(rename2), "hist_unknown2").expand();
    straddle(TestPlans.plan(rename2, add2), "hist_unknown2").expand(Backfill.DEFER);
    // 21 is only expanded: the build with head 20 may still run (and leaves 21's backfill alone).
    Straddle lower = straddle(TestPlans.plan(rename2), "hist_unknown2");
    assertEquals(List.of(), lower.status().problems());
    assertEquals(List.of(), lower.backfill().stepTexts());
  }

  @Test
  void driftIsRefusedBeforeAnythingChanges() throws Exception {
    String t = "jobs_drift";
    db.execute(TestPlans.jobsTable(t, 100));
    db.execute("ALTER TABLE " + t + " ADD COLUMN queue_name text");
    MigrationPlan plan =
        TestPlans.plan(
            List.of(SchemaExpectation.columnExists(t, "payload", "integer")),
            TestPlans.rename(10, t, "queue", "queue_name", "text"));
    Straddle straddle = straddle(plan, "hist_drift");
    List<Problem> problems = straddle.verify();
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(ErrorCode.DRIFT, problems.get(0).code());
    assertTrue(
        problems.get(0).text().contains("payload is text, declared as integer"),
        problems.get(0).text());
    assertTrue(problems.get(1).text().contains("queue_name already exists"), problems.toString());
    StraddleException e = assertThrows(StraddleException.class, () -> straddle.expand());
    assertEquals(StraddleException.Kind.REFUSED, e.kind());
    assertEquals(ErrorCode.DRIFT, e.code());
    assertTrue(e.getMessage().startsWith("[StraddleDrift] migration 10, expand: "), e.getMessage());
    assertEquals(10, e.migrationId());
    try (Connection c = db.connect()) {
      // Refused before any write: not even the history schema was created.
      assertEquals(0, count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'hist_drift'"));
    }
    assertEquals(StraddleCli.REFUSED, cli(plan, "verify", "--schema", "hist_drift").code);
  }

  record Run(int code, String out, String err) {}

  Run cli(MigrationPlan plan, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of(
            "STRADDLE_URL", db.jdbcUrl(),
            "STRADDLE_USER", db.user(),
            "STRADDLE_PASSWORD", db.password());
    int code =
        StraddleCli.run(
            plan,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static PrintStream sink() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
