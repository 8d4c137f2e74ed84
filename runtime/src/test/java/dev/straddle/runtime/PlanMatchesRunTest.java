package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, point 1: {@code plan} prints what {@code migrate} sends. A JDBC proxy ({@link
 * RecordingDataSource}) records every statement a real run sends on a database in a given state;
 * the ones that change the schema, the sync triggers and the transaction layout (BEGIN with the
 * lock timeout and writer head, COMMIT; the contract guard's lock) must be the plan's, printed for
 * the same state just before, in the same order, and the plan must print nothing else to run.
 * Backfill batches are compared by their template (the key range and cutoff are bound per batch).
 * Left out on both sides: catalog reads, the history's own writes (comments in the plan), session
 * settings around single statements.
 */
@ExtendWith(PostgresExtension.class)
class PlanMatchesRunTest {

  private static final String BATCH_WHERE =
      "\nWHERE <batch key range> AND age(xmin) > age(<backfill_before>)";

  final TestDatabase db;

  PlanMatchesRunTest(TestDatabase db) {
    this.db = db;
  }

  Straddle straddle(MigrationPlan plan, String schema, RecordingDataSource recording) {
    return Straddle.configure(plan)
        .dataSource(recording.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofMillis(700))
        .runLockWait(Duration.ofSeconds(30))
        .load();
  }

  static MigrationPlan build2(String t) {
    return TestPlans.plan(
        TestPlans.rename(10, t, "queue", "queue_name", "text"),
        TestPlans.addNotNull(
            11, t, "priority", "integer", "CASE WHEN queue_name = 'urgent' THEN 10 ELSE 0 END"),
        TestPlans.dropWithDown(12, t, "payload", "'dropped'"),
        TestPlans.addNotNull(13, t, "weight", "integer", "length(queue_name)"));
  }

  @Test
  void firstDeployExpandsAndBackfillsAsPlanned() throws Exception {
    String t = "pm_first";
    String s = "hist_pm_first";
    db.execute(TestPlans.jobsTable(t, 2_500));
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    Straddle straddle = straddle(EndToEndTest.chain(t), s, recording);

    String plan = straddle.plan();
    recording.clear();
    RunResult run = straddle.migrate();
    assertEquals(
        List.of(
            "10 expanded",
            "11 expanded",
            "12 expanded backfilled",
            "10 backfilled",
            "11 backfilled"),
        run.stepTexts());
    assertPlanned(plan, recording.sent(), s);
  }

  @Test
  void deployThatContractsUnderTheGuardRunsThePlan() throws Exception {
    String t = "pm_contract";
    String s = "hist_pm_contract";
    db.execute(TestPlans.jobsTable(t, 1_500));
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    straddle(EndToEndTest.chain(t), s, recording).migrate();
    try (Registration release1 =
        InstanceRegistryTest.fast(db.dataSource(), 12, s, "release-1")
            .load()
            .instanceRegistry()
            .register()) {
      Straddle straddle = straddle(build2(t), s, recording);
      String plan = straddle.plan();
      assertTrue(plan.contains("LOCK TABLE"), plan);
      recording.clear();
      RunResult run = straddle.migrate();
      assertEquals(
          List.of(
              "10 contracted", "11 contracted", "12 contracted", "13 expanded", "13 backfilled"),
          run.stepTexts());
      assertPlanned(plan, recording.sent(), s);
    }
  }

  /** Migration 20: a check added NOT VALID at expand, validated after its contract transaction. */
  /**
   * {@code plan --rollback --to 19} prints what {@code rollback --to 19} sends: 21's index dropped
   * concurrently outside its transaction, then its transaction with the rollback guard's lock (an
   * old-code instance is registered), its column dropped and the sync function composed again with
   * 20 alone; then 20's transaction, with the trigger and function dropped.
   */
  @Test
  void rollbackRunsThePlan() throws Exception {
    String t = "pm_rollback";
    String s = "hist_pm_rollback";
    db.execute(TestPlans.jobsTable(t, 800));
    TableName table = TableName.parse(t);
    String index = t + "_plen_idx";
    PlannedMigration withIndex =
        TestPlans.addNotNull(21, t, "plen", "integer", "coalesce(length(payload), 0)");
    PlannedMigration twentyOne =
        new PlannedMigration(
            withIndex.id(),
            withIndex.description(),
            withIndex.checksum(),
            withIndex.expand(),
            withIndex.contract(),
            withIndex.fragments(),
            withIndex.expectations(),
            List.of(
                new IndexBuild(
                    t, index, IndexSql.create(table, index, List.of("plen"), false, ""))),
            List.of(
                SqlStatement.outsideTransaction(IndexSql.drop(table, index)),
                TestPlans.dropAdded(t, "plen")));
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.addNotNullUndoable(20, t, "qlen", "integer", "length(queue)"), twentyOne);
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    Straddle straddle = straddle(plan, s, recording);
    straddle.migrate();
    try (Registration old =
        InstanceRegistryTest.fast(db.dataSource(), 19, s, "release-old")
            .load()
            .instanceRegistry()
            .register()) {
      String dryRun = straddle.planRollback(19, RollbackPolicy.GUARDED);
      assertTrue(dryRun.contains(IndexSql.drop(table, index) + ";"), dryRun);
      assertTrue(dryRun.contains("LOCK TABLE"), dryRun);
      recording.clear();
      RunResult run = straddle.rollbackTo(19, RollbackPolicy.GUARDED);
      assertEquals(List.of("21 rolled-back", "20 rolled-back"), run.stepTexts());
      assertPlanned(dryRun, recording.sent(), s);
    }
  }

  /**
   * A contract that drops an index concurrently first reads the contract guard in a transaction of
   * its own (the drop runs before the guarded transaction, and its refusal could not undo it): the
   * plan prints that transaction before the drop, where the run sends it.
   */
  @Test
  void aContractDroppingAnIndexConcurrentlyReadsTheGuardAsPlanned() throws Exception {
    String t = "pm_dropidx";
    String s = "hist_pm_dropidx";
    db.execute(TestPlans.jobsTable(t, 600));
    TableName table = TableName.parse(t);
    String index = t + "_queue_idx";
    db.execute(IndexSql.create(table, index, List.of("queue"), false, ""));
    PlannedMigration dropIndex =
        new PlannedMigration(
            21,
            "Drop the queue index",
            "sha-dropidx-21-" + t,
            List.of(
                SqlStatement.inTransaction(
                    "COMMENT ON INDEX " + TestPlans.q(index) + " IS 'dropped at contract'")),
            List.of(SqlStatement.outsideTransaction(IndexSql.drop(table, index))),
            List.of(),
            List.of());
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    straddle(TestPlans.plan(dropIndex), s, recording).migrate();
    try (Registration release =
        InstanceRegistryTest.fast(db.dataSource(), 21, s, "release-21")
            .load()
            .instanceRegistry()
            .register()) {
      Straddle straddle =
          straddle(
              TestPlans.plan(dropIndex, TestPlans.addNotNull(22, t, "weight", "integer", "1")),
              s,
              recording);
      String plan = straddle.plan();
      assertTrue(plan.contains(IndexSql.drop(table, index) + ";"), plan);
      recording.clear();
      RunResult run = straddle.migrate();
      assertEquals(List.of("21 contracted", "22 expanded", "22 backfilled"), run.stepTexts());
      assertPlanned(plan, recording.sent(), s);
    }
  }

  static PlannedMigration checkValidatedAfter(String t) {
    return new PlannedMigration(
        20,
        "Check touches",
        "sha-check-20-" + t,
        List.of(
            SqlStatement.inTransaction(
                "ALTER TABLE "
                    + TestPlans.q(t)
                    + " ADD CONSTRAINT pm_touches CHECK (touches >= 0)"
                    + " NOT VALID")),
        List.of(
            SqlStatement.inTransaction(
                "COMMENT ON CONSTRAINT pm_touches ON " + TestPlans.q(t) + " IS 'checked'"),
            SqlStatement.afterTransaction(
                "ALTER TABLE " + TestPlans.q(t) + " VALIDATE CONSTRAINT pm_touches")),
        List.of(),
        List.of());
  }

  /**
   * A contract with a statement after its transaction: {@code plan} prints it after the COMMIT,
   * where the run sends it; a run that stops there (the validation fails on a row that violates the
   * check) leaves it owed, and the next deploy's plan prints its finish first, as the run does.
   */
  @Test
  void statementsAfterTheContractTransactionAndTheirFinishRunThePlan() throws Exception {
    String t = "pm_after";
    String s = "hist_pm_after";
    db.execute(TestPlans.jobsTable(t, 300));
    // A row that violates the check, written before the expand adds it NOT VALID.
    db.execute("UPDATE " + TestPlans.q(t) + " SET touches = -1 WHERE id = 7");
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    straddle(TestPlans.plan(checkValidatedAfter(t)), s, recording).migrate();

    MigrationPlan build2 =
        TestPlans.plan(
            checkValidatedAfter(t), TestPlans.addNotNull(21, t, "weight", "integer", "1"));
    Straddle straddle = straddle(build2, s, recording);
    String plan = straddle.plan(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertTrue(plan.contains("COMMIT;\n-- outside a transaction, after it:\nALTER TABLE"), plan);
    recording.clear();
    StraddleException stopped =
        assertThrows(
            StraddleException.class, () -> straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(Integer.valueOf(20), stopped.migrationId());
    List<RecordingDataSource.Sent> sent = recording.sent();
    int end = plan.indexOf("\n-- migration 21");
    assertPlanned(plan.substring(0, end > 0 ? end : plan.length()), sent, s);

    db.execute("UPDATE " + TestPlans.q(t) + " SET touches = 0 WHERE id = 7");
    String finish = straddle.plan(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertTrue(finish.contains("): finish the contract"), finish);
    recording.clear();
    RunResult run = straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of("20 contract-finished", "21 expanded", "21 backfilled"), run.stepTexts());
    assertPlanned(finish, recording.sent(), s);
  }

  /**
   * On a partitioned table the run walks each leaf partition and builds the index ON ONLY the
   * table, then on each partition, attached: the plan prints those statements, read from the same
   * catalog.
   */
  @Test
  void aPartitionedTableIsPlannedAsRun() throws Exception {
    String t = "pm_parted";
    String s = "hist_pm_parted";
    db.execute(
        String.join(
            ";\n",
            "CREATE TABLE "
                + t
                + " (id bigint PRIMARY KEY, queue text NOT NULL, payload text,"
                + " touches int NOT NULL DEFAULT 0) PARTITION BY RANGE (id)",
            "CREATE TABLE " + t + "_a PARTITION OF " + t + " FOR VALUES FROM (1) TO (1001)",
            "CREATE TABLE " + t + "_b PARTITION OF " + t + " FOR VALUES FROM (1001) TO (2001)",
            "CREATE TABLE "
                + t
                + "_c PARTITION OF "
                + t
                + " FOR VALUES FROM (2001) TO (10000)"
                + " PARTITION BY RANGE (id)",
            "CREATE TABLE " + t + "_c1 PARTITION OF " + t + "_c FOR VALUES FROM (2001) TO (10000)",
            "INSERT INTO "
                + t
                + " (id, queue, payload) SELECT g, 'q' || (g % 7), 'p' || g"
                + " FROM generate_series(1, 2500) g"));
    TableName table = TableName.parse(t);
    String index = t + "_queue_name_idx";
    MigrationPlan chain = EndToEndTest.chain(t);
    List<PlannedMigration> migrations = new ArrayList<>(chain.migrations());
    migrations.add(
        new PlannedMigration(
            13,
            "Index queue names",
            "sha-pm-parted-index",
            List.of(),
            List.of(),
            List.of(),
            List.of(SchemaExpectation.tableExists(t)),
            List.of(
                new IndexBuild(
                    t,
                    index,
                    IndexSql.create(table, index, List.of("queue_name", "id"), false, "")))));
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    Straddle straddle =
        straddle(TestPlans.plan(migrations.toArray(PlannedMigration[]::new)), s, recording);

    String plan = straddle.plan();
    assertTrue(plan.contains("ON ONLY"), plan);
    assertTrue(plan.contains("partition public." + t + "_c1:"), plan);
    recording.clear();
    straddle.migrate();
    assertPlanned(plan, recording.sent(), s);
    try (java.sql.Connection c = db.connect()) {
      assertEquals(
          "true",
          TestPlans.text(
              c,
              "SELECT indisvalid::text FROM pg_index WHERE indexrelid = '"
                  + index
                  + "'::regclass"));
    }
  }

  /**
   * With the previous release declared gone, a live instance that needs one of the contracts
   * refuses the whole run before anything: {@code plan} printed the contracts before it, too.
   */
  @Test
  void aContractGuardRefusalIsPlannedBeforeAnyContract() throws Exception {
    String t = "pm_refused";
    String s = "hist_pm_refused";
    db.execute(TestPlans.jobsTable(t, 100));
    RecordingDataSource recording = new RecordingDataSource(db.dataSource());
    straddle(EndToEndTest.chain(t), s, recording).migrate();
    // Head 10 needs 11 and 12 (not 10): the run contracts nothing, not even 10.
    try (Registration old =
        InstanceRegistryTest.fast(db.dataSource(), 10, s, "old")
            .load()
            .instanceRegistry()
            .register()) {
      Straddle straddle = straddle(build2(t), s, recording);
      String plan = straddle.plan(ContractPolicy.PREVIOUS_RELEASE_GONE);
      assertTrue(plan.contains("-- REFUSED: a run would change nothing:"), plan);
      assertTrue(plan.contains("migration 11 (") && plan.contains(old.id().toString()), plan);
      assertTrue(!plan.contains("): contract\n"), plan);
      recording.clear();
      StraddleException refused =
          assertThrows(
              StraddleException.class,
              () -> straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
      assertEquals(StraddleException.Kind.REFUSED, refused.kind());
      assertEquals(ErrorCode.CONTRACT_NEEDED, refused.code());
      assertEquals(Integer.valueOf(11), refused.migrationId());
      assertEquals(List.of(), normalize(recording.sent(), s));
    }
  }

  /**
   * The recorded statements, normalized, must each be found in {@code plan} (from its first step
   * on) after the previous one, and what lies between them must be comments only.
   */
  static void assertPlanned(String plan, List<RecordingDataSource.Sent> sent, String schema) {
    List<String> run = collapseBatches(normalize(sent, schema));
    int from = plan.indexOf("\n-- migration ");
    assertTrue(from >= 0, plan);
    int position = from;
    List<String> residue = new ArrayList<>();
    for (String statement : run) {
      String expected = statement + ";\n";
      int at = plan.indexOf(expected, position);
      if (at < 0) {
        fail(
            "the run sent a statement the plan does not print (after what matched so far):\n"
                + statement
                + "\n--- the run's statements:\n"
                + String.join(";\n", run)
                + "\n--- the plan:\n"
                + plan);
      }
      residue.add(plan.substring(position, at));
      position = at + expected.length();
    }
    residue.add(plan.substring(position));
    for (String between : residue) {
      for (String line : between.split("\n")) {
        if (!line.isBlank() && !line.startsWith("--")) {
          fail(
              "the plan prints a statement the run did not send: "
                  + line
                  + "\n--- the run's statements:\n"
                  + String.join(";\n", run)
                  + "\n--- the plan:\n"
                  + plan);
        }
      }
    }
  }

  /** The statements the plan is about, as the plan prints them. */
  static List<String> normalize(List<RecordingDataSource.Sent> sent, String schema) {
    List<String> out = new ArrayList<>();
    for (RecordingDataSource.Sent s : sent) {
      String sql = s.sql();
      String upper = sql.toUpperCase(Locale.ROOT);
      boolean history = sql.contains(schema + ".") || sql.contains("\"" + schema + "\"");
      if (sql.equals("COMMIT")) {
        out.add(sql);
      } else if (s.prepared() && sql.startsWith("SELECT set_config('lock_timeout', ?, true)")) {
        StringBuilder begin =
            new StringBuilder("BEGIN;\nSET LOCAL lock_timeout = '")
                .append(s.parameters().get(0))
                .append("'");
        for (int i = 1; i + 1 < s.parameters().size(); i += 2) {
          begin
              .append(";\nSET LOCAL ")
              .append(s.parameters().get(i))
              .append(" = '")
              .append(s.parameters().get(i + 1))
              .append("'");
        }
        out.add(begin.toString());
      } else if (s.prepared() && upper.startsWith("UPDATE ") && !history) {
        int where = sql.indexOf("\nWHERE ");
        assertTrue(where > 0 && sql.endsWith(" AND age(xmin) > age(?::xid)"), sql);
        out.add(sql.substring(0, where) + BATCH_WHERE);
      } else if (!s.prepared()
          && !(history && !upper.startsWith("LOCK "))
          && !startsWithAny(
              upper,
              "SELECT",
              "WITH",
              "EXPLAIN",
              "SET ",
              "RESET ",
              "SHOW ",
              "SAVEPOINT",
              "RELEASE",
              "ROLLBACK",
              "CREATE TEMP")) {
        out.add(sql);
      }
    }
    return out;
  }

  /** Consecutive batches of one table (BEGIN with the writer head, UPDATE, COMMIT) as one. */
  static List<String> collapseBatches(List<String> in) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      int n = out.size();
      if (in.get(i).contains("straddle.head")
          && i + 2 < in.size()
          && n >= 3
          && out.subList(n - 3, n).equals(in.subList(i, i + 3))) {
        i += 2;
        continue;
      }
      out.add(in.get(i));
    }
    return out;
  }

  private static boolean startsWithAny(String sql, String... prefixes) {
    for (String prefix : prefixes) {
      if (sql.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
