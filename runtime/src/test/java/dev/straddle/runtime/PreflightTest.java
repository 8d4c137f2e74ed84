package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, point 6: what the preflight refuses (exit 3) before anything is written, not even the
 * history schema, through the command line; {@code plan} shows the same refusal. An identical
 * existing index stays "nothing to do".
 */
@ExtendWith(PostgresExtension.class)
class PreflightTest {

  static final String S = "hist_pre";
  final TestDatabase db;

  PreflightTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void clean() throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS "
            + S
            + " CASCADE; DROP TABLE IF EXISTS pre_nokey, pre_parts, pre_idx, pre_other CASCADE");
  }

  CliRun cli(MigrationPlan plan, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--schema", S));
    return CliRun.run(plan, Map.of(), all.toArray(String[]::new));
  }

  /** Schemas, columns, indexes, triggers: what a run could write. */
  String snapshot() throws SQLException {
    return Snapshot.of(
        db,
        List.of(
            "SELECT nspname FROM pg_namespace ORDER BY 1",
            "SELECT table_schema || '.' || table_name || '.' || column_name FROM"
                + " information_schema.columns WHERE table_schema NOT IN ('pg_catalog',"
                + " 'information_schema') ORDER BY 1",
            "SELECT indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) FROM pg_index"
                + " WHERE indrelid::regclass::text LIKE 'pre_%' ORDER BY 1",
            "SELECT tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                + " ORDER BY 1"));
  }

  /** Every changing command refuses with exit 3 and changes nothing; plan shows the refusal. */
  void refusedBeforeAnyWrite(MigrationPlan plan, String... mentions) throws SQLException {
    String before = snapshot();
    assertTrue(!before.contains(S), "no history schema yet");
    for (List<String> command :
        List.of(
            List.of("migrate"),
            List.of("migrate", "--previous-release-gone"),
            List.of("expand"),
            List.of("expand", "--no-backfill"))) {
      CliRun o = cli(plan, command.toArray(String[]::new));
      String all =
          command + ": exit " + o.code() + "\nstdout:\n" + o.out() + "\nstderr:\n" + o.err();
      assertEquals(StraddleCli.REFUSED, o.code(), all);
      assertTrue(o.err().startsWith("error kind=refused migration=1 phase=expand"), all);
      for (String mention : mentions) {
        assertTrue(o.err().contains(mention), "should mention '" + mention + "'\n" + all);
      }
      assertEquals(before, snapshot(), all);
    }
    CliRun dryRun = cli(plan, "plan");
    assertEquals(StraddleCli.OK, dryRun.code(), dryRun.err());
    assertTrue(dryRun.out().contains("-- REFUSED"), dryRun.out());
    for (String mention : mentions) {
      assertTrue(dryRun.out().contains(mention), dryRun.out());
    }
    assertEquals(before, snapshot());
    // verify reports what a run would be refused for (it said "verify ok" before), and writes
    // nothing either.
    CliRun verify = cli(plan, "verify");
    String all =
        "verify: exit " + verify.code() + "\nstdout:\n" + verify.out() + "\n" + verify.err();
    assertEquals(StraddleCli.REFUSED, verify.code(), all);
    // Drift is listed as the pending migration's problem, every other refusal as what it refuses.
    assertTrue(
        verify.out().contains("migration 1 (expand would be refused)")
            || verify.out().contains("migration 1 (pending)"),
        all);
    for (String mention : mentions) {
      assertTrue(verify.out().contains(mention), all);
    }
    assertEquals(before, snapshot());
  }

  @Test
  void backfillOnATableWithoutPrimaryKeyIsRefusedBeforeExpand() throws Exception {
    db.execute(
        "CREATE TABLE pre_nokey (id bigint, queue text NOT NULL);"
            + " INSERT INTO pre_nokey SELECT g, 'q' || g FROM generate_series(1, 50) g");
    refusedBeforeAnyWrite(
        TestPlans.plan(TestPlans.addNotNull(1, "pre_nokey", "qlen", "integer", "length(queue)")),
        "table pre_nokey has no primary key");
  }

  @Test
  void driftIsRefusedBeforeTheHistorySchemaIsCreated() throws Exception {
    db.execute("CREATE TABLE pre_idx (id bigint PRIMARY KEY, queue text NOT NULL, qlen integer)");
    refusedBeforeAnyWrite(
        TestPlans.plan(TestPlans.addNotNull(1, "pre_idx", "qlen", "integer", "length(queue)")),
        "column pre_idx.qlen already exists");
  }

  /** A table created by an earlier migration of the same run has a primary key: no refusal. */
  @Test
  void backfillOnATableAPendingMigrationCreatesIsAllowed() throws Exception {
    PlannedMigration create =
        new PlannedMigration(
            1,
            "Create pre_nokey",
            "sha-create-pre",
            List.of(
                SqlStatement.inTransaction(
                    "CREATE TABLE pre_nokey (id bigint PRIMARY KEY, queue text NOT NULL)")),
            List.of(),
            List.of(),
            List.of(SchemaExpectation.tableAbsent("pre_nokey")));
    MigrationPlan plan =
        TestPlans.plan(
            create, TestPlans.addNotNull(2, "pre_nokey", "qlen", "integer", "length(queue)"));
    CliRun o = cli(plan, "migrate");
    assertEquals(StraddleCli.OK, o.code(), o.err());
    assertTrue(o.out().contains("step migration=2 phase=backfilled"), o.out());
  }

  static PlannedMigration index(int id, String table, String name, String sql) {
    return new PlannedMigration(
        id,
        "Index " + name,
        "sha-index-" + id,
        List.of(),
        List.of(),
        List.of(),
        List.of(SchemaExpectation.tableExists(table)),
        List.of(new IndexBuild(table, name, sql)));
  }

  static MigrationPlan emailIndex(String table) {
    return TestPlans.plan(
        index(
            1,
            table,
            "pre_email_idx",
            IndexSql.create(
                TableName.parse(table), "pre_email_idx", List.of("email"), false, "id > 0")));
  }

  /**
   * On a partitioned table the index is built ON ONLY the table and per partition (issue 16), so
   * the preflight no longer refuses it; an existing partitioned index of the declared name is
   * compared like any other (ON ONLY aside): defined otherwise, it is refused.
   */
  @Test
  void anExistingPartitionedIndexDefinedOtherwiseIsRefusedBeforeExpand() throws Exception {
    db.execute(
        "CREATE TABLE pre_parts (id bigint, email text, name text, PRIMARY KEY (id))"
            + " PARTITION BY RANGE (id);"
            + " CREATE TABLE pre_parts_1 PARTITION OF pre_parts FOR VALUES FROM (0) TO (1000);"
            + " CREATE INDEX pre_email_idx ON ONLY pre_parts (name) WHERE id > 0");
    refusedBeforeAnyWrite(emailIndex("pre_parts"), "another definition", "(name)");
    db.execute("DROP TABLE pre_parts");
  }

  @Test
  void existingIndexWithTheNameButAnotherDefinitionIsRefused() throws Exception {
    db.execute(
        "CREATE TABLE pre_idx (id bigint PRIMARY KEY, email text, name text);"
            + " CREATE TABLE pre_other (id bigint PRIMARY KEY, email text)");
    // Another column, the same predicate.
    db.execute("CREATE INDEX pre_email_idx ON pre_idx (name) WHERE id > 0");
    refusedBeforeAnyWrite(emailIndex("pre_idx"), "another definition", "(name)");
    // The same column, no predicate.
    db.execute("DROP INDEX pre_email_idx; CREATE INDEX pre_email_idx ON pre_idx (email)");
    refusedBeforeAnyWrite(emailIndex("pre_idx"), "another definition");
    // Unique instead of plain.
    db.execute(
        "DROP INDEX pre_email_idx; CREATE UNIQUE INDEX pre_email_idx ON pre_idx (email)"
            + " WHERE id > 0");
    refusedBeforeAnyWrite(emailIndex("pre_idx"), "another definition");
    // An index on a column the migration itself adds.
    db.execute("DROP INDEX pre_email_idx; CREATE INDEX pre_email_idx ON pre_idx (email)");
    PlannedMigration addsColumn = TestPlans.addNotNull(1, "pre_idx", "prio", "integer", "1");
    refusedBeforeAnyWrite(
        TestPlans.plan(
            new PlannedMigration(
                1,
                addsColumn.description(),
                addsColumn.checksum(),
                addsColumn.expand(),
                addsColumn.contract(),
                addsColumn.fragments(),
                addsColumn.expectations(),
                List.of(
                    new IndexBuild(
                        "pre_idx",
                        "pre_email_idx",
                        IndexSql.create(
                            TableName.parse("pre_idx"),
                            "pre_email_idx",
                            List.of("prio"),
                            false,
                            ""))))),
        "another definition");
    // The same definition on another table.
    db.execute(
        "DROP INDEX pre_email_idx; CREATE INDEX pre_email_idx ON pre_other (email) WHERE id > 0");
    refusedBeforeAnyWrite(emailIndex("pre_idx"), "already exists on table pre_other");
  }

  @Test
  void identicalExistingIndexIsNothingToDo() throws Exception {
    db.execute(
        "CREATE TABLE pre_idx (id bigint PRIMARY KEY, email text, name text);"
            + " CREATE INDEX pre_email_idx ON pre_idx USING btree (email) WHERE (id > 0)");
    String oid = text("SELECT to_regclass('pre_email_idx')::oid::text");
    CliRun o = cli(emailIndex("pre_idx"), "migrate");
    assertEquals(StraddleCli.OK, o.code(), o.err());
    assertTrue(o.out().contains("step migration=1 phase=expanded"), o.out());
    assertTrue(o.out().contains("step migration=1 phase=backfilled"), o.out());
    assertEquals(oid, text("SELECT to_regclass('pre_email_idx')::oid::text"), "kept, not rebuilt");
  }

  String text(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return TestPlans.text(c, sql);
    }
  }
}
