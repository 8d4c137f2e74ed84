package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner on a partitioned table (docs/ARCHITECTURE.md, "Partitioned tables"): a backfill
 * stopped in the middle of a partition resumes there, every row of every partition rewritten once;
 * an index build that fails on one partition leaves no INVALID index there, and the rerun builds
 * what is left (an INVALID leftover of an interrupted build dropped and rebuilt, the partitions
 * done kept) until the parent's index is valid.
 */
@ExtendWith(PostgresExtension.class)
class PartitionedTableTest {

  static final int ROWS = 3_000;
  final TestDatabase db;

  PartitionedTableTest(TestDatabase db) {
    this.db = db;
  }

  /**
   * {@code t}, partitioned by {@code id} in three ranges of 1,000 rows, the last one
   * sub-partitioned; a BEFORE UPDATE trigger counts each row's updates in {@code touches}.
   */
  private void createTable(String t) throws SQLException {
    db.execute(
        "CREATE TABLE "
            + t
            + " (id bigint PRIMARY KEY, queue text NOT NULL, code int NOT NULL,"
            + " touches int NOT NULL DEFAULT 0) PARTITION BY RANGE (id);\n"
            + "CREATE TABLE "
            + t
            + "_a PARTITION OF "
            + t
            + " FOR VALUES FROM (1) TO (1001);\n"
            + "CREATE TABLE "
            + t
            + "_b PARTITION OF "
            + t
            + " FOR VALUES FROM (1001) TO (2001);\n"
            + "CREATE TABLE "
            + t
            + "_c PARTITION OF "
            + t
            + " FOR VALUES FROM (2001) TO (100000) PARTITION BY RANGE (id);\n"
            + "CREATE TABLE "
            + t
            + "_c1 PARTITION OF "
            + t
            + "_c FOR VALUES FROM (2001) TO (2501);\n"
            + "CREATE TABLE "
            + t
            + "_c2 PARTITION OF "
            + t
            + "_c FOR VALUES FROM (2501) TO (100000);\n"
            + "INSERT INTO "
            + t
            + " (id, queue, code) SELECT g, 'q' || (g % 7), g FROM generate_series(1, "
            + ROWS
            + ") g;\n"
            + "CREATE OR REPLACE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_touches();\n"
            + "ANALYZE "
            + t);
  }

  private Straddle straddle(MigrationPlan plan, String schema, StraddleListener listener) {
    FluentConfiguration configuration =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema(schema)
            .batchRows(100, 100)
            .lockTimeout(Duration.ofSeconds(5));
    if (listener != null) {
      configuration.listener(listener);
    }
    return configuration.load();
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  private String string(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  /** Stops the backfill (a listener that throws) after its {@code n}-th batch. */
  static final class StopAfter implements StraddleListener {
    final int n;
    final AtomicInteger batches = new AtomicInteger();

    StopAfter(int n) {
      this.n = n;
    }

    @Override
    public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
      if (batches.incrementAndGet() == n) {
        throw new IllegalStateException("stopped after batch " + n + " (test)");
      }
    }
  }

  @Test
  void aBackfillStoppedInAPartitionResumesThereAndTouchesEveryRowOnce() throws Exception {
    String t = "pt_resume";
    String h = "hist_pt_resume";
    createTable(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, null).expand(Backfill.DEFER);

    // 100-row batches: the partition of ids 1..1000 takes 10, the 13th stops in the second.
    assertThrows(
        IllegalStateException.class, () -> straddle(plan, h, new StopAfter(13)).backfill());
    assertEquals(
        "\"public\".\"pt_resume_b\"",
        string("SELECT backfill_cursor->>'partition' FROM " + h + ".straddle_history"));
    assertEquals(
        "[\"\\\"public\\\".\\\"pt_resume_a\\\"\"]",
        string("SELECT backfill_cursor->>'partitions_done' FROM " + h + ".straddle_history"));
    assertEquals(1_300, query("SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    assertTrue(
        straddle(plan, h, null).plan().contains("pt_resume, partition public.pt_resume_c2:"),
        "the plan prints the batches of each leaf partition");

    RunResult rerun = straddle(plan, h, null).backfill();
    assertEquals(ROWS - 1_300, rerun.rowsBackfilled());
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
    assertEquals(
        0, query("SELECT count(*) FROM " + t + " WHERE qlen IS DISTINCT FROM length(queue)"));
    assertEquals("backfilled", string("SELECT phase FROM " + h + ".straddle_history"));
  }

  /**
   * {@code t} partitioned by {@code part} (1 to 4, the row's id modulo 4, plus 1): {@code t_a}
   * holds part 1, {@code t_b} part 2, {@code t_c} parts 3 and 4 in the sub-partitions {@code t_c1}
   * and {@code t_c2}; {@code code} is unique until a test says otherwise.
   */
  private void createIndexTable(String t) throws SQLException {
    db.execute(
        String.join(
            ";\n",
            "CREATE TABLE "
                + t
                + " (id bigint, part int, code int NOT NULL, PRIMARY KEY (id, part))"
                + " PARTITION BY RANGE (part)",
            "CREATE TABLE " + t + "_a PARTITION OF " + t + " FOR VALUES FROM (1) TO (2)",
            "CREATE TABLE " + t + "_b PARTITION OF " + t + " FOR VALUES FROM (2) TO (3)",
            "CREATE TABLE "
                + t
                + "_c PARTITION OF "
                + t
                + " FOR VALUES FROM (3) TO (5)"
                + " PARTITION BY RANGE (part)",
            "CREATE TABLE " + t + "_c1 PARTITION OF " + t + "_c FOR VALUES FROM (3) TO (4)",
            "CREATE TABLE " + t + "_c2 PARTITION OF " + t + "_c FOR VALUES FROM (4) TO (5)",
            "INSERT INTO "
                + t
                + " SELECT g, 1 + g % 4, g FROM generate_series(1, "
                + ROWS
                + ") g"));
  }

  private static PlannedMigration uniqueCodes(int id, String t) {
    TableName table = TableName.parse(t);
    String name = t + "_code_key";
    return new PlannedMigration(
        id,
        "Unique codes",
        "sha-unique-codes-" + t,
        List.of(),
        List.of(),
        List.of(),
        List.of(SchemaExpectation.tableExists(t)),
        List.of(
            new IndexBuild(
                t, name, IndexSql.create(table, name, List.of("code", "part"), true, ""))));
  }

  private String valid(String index) throws SQLException {
    return string(
        "SELECT indisvalid::text FROM pg_index WHERE indexrelid = '" + index + "'::regclass");
  }

  @Test
  void aFailedIndexBuildOnOnePartitionIsResumedUntilTheParentsIndexIsValid() throws Exception {
    String t = "pt_index";
    String h = "hist_pt_index";
    String index = t + "_code_key";
    String leftover = IndexSql.partitionIndexName(index, t + "_c2");
    createIndexTable(t);
    MigrationPlan plan = TestPlans.plan(uniqueCodes(81, t));
    // An INVALID leftover of an interrupted build of the sub-partition c2's index (ids 3 and 7
    // share a code while it ran), and a duplicate in partition b (ids 1 and 5).
    db.execute("UPDATE " + t + " SET code = 3 WHERE id = 7");
    assertThrows(
        SQLException.class,
        () ->
            db.execute(
                "CREATE UNIQUE INDEX CONCURRENTLY " + leftover + " ON " + t + "_c2 (code, part)"));
    db.execute("UPDATE " + t + " SET code = 7 WHERE id = 7");
    assertEquals("false", valid(leftover));
    db.execute("UPDATE " + t + " SET code = 1 WHERE id = 5");

    StraddleException failed =
        assertThrows(StraddleException.class, () -> straddle(plan, h, null).migrate());
    assertEquals(ErrorCode.INDEX_BUILD_FAILED, failed.code());
    assertTrue(failed.statement().contains("ON \"public\".\"" + t + "_b\""), failed.statement());
    assertEquals("false", valid(index), "the parent's index waits for its partitions");
    assertEquals(
        0,
        query(
            "SELECT count(*) FROM pg_index WHERE indrelid = '"
                + t
                + "_b'::regclass AND NOT indisvalid"),
        "the failed build left no INVALID index on its partition");
    assertEquals(
        t + "_a",
        string(
            "SELECT string_agg(x.indrelid::regclass::text, ',') FROM pg_inherits i"
                + " JOIN pg_index x ON x.indexrelid = i.inhrelid WHERE i.inhparent = '"
                + index
                + "'::regclass"),
        "the first partition's index is attached");
    assertEquals("expanded", string("SELECT phase FROM " + h + ".straddle_history"));

    // The duplicate is fixed: the rerun drops the leftover, builds and attaches what is left.
    db.execute("UPDATE " + t + " SET code = 5 WHERE id = 5");
    String planned = straddle(plan, h, null).plan();
    assertTrue(
        planned.contains("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"" + leftover + "\""),
        planned);
    assertTrue(!planned.contains("ON \"public\".\"" + t + "_a\""), "a is done: " + planned);
    straddle(plan, h, null).backfill();
    assertEquals("true", valid(index));
    assertEquals(
        t + "_a," + t + "_b," + t + "_c1," + t + "_c2",
        string(
            "SELECT string_agg(x.indrelid::regclass::text, ',' ORDER BY x.indrelid::regclass::text)"
                + " FROM pg_partition_tree('"
                + index
                + "') p JOIN pg_index x ON x.indexrelid = p.relid WHERE p.isleaf AND x.indisvalid"),
        "a valid index on every leaf, in the parent's tree");
    assertEquals(
        0,
        query(
            "SELECT count(*) FROM pg_index x JOIN pg_partition_tree('"
                + t
                + "') p ON p.relid = x.indrelid WHERE NOT x.indisvalid"),
        "no INVALID index is left on any partition");
    assertEquals("backfilled", string("SELECT phase FROM " + h + ".straddle_history"));
  }

  /**
   * What docs/ARCHITECTURE.md ("Partitioned tables") says PostgreSQL cannot do on a partitioned
   * table, on this major: a NOT VALID foreign key and a constraint USING INDEX fail, a NOT VALID
   * check works. The processor refuses the first two on a declared partitioned table.
   */
  @Test
  void postgresRefusesWhatTheProcessorRefusesOnAPartitionedTable() throws Exception {
    String t = "pt_refused";
    createIndexTable(t);
    db.execute("CREATE TABLE " + t + "_ref (code int PRIMARY KEY)");
    SQLException foreignKey =
        assertThrows(
            SQLException.class,
            () ->
                db.execute(
                    "ALTER TABLE "
                        + t
                        + " ADD CONSTRAINT "
                        + t
                        + "_fk FOREIGN KEY (code) REFERENCES "
                        + t
                        + "_ref NOT VALID"));
    assertTrue(foreignKey.getMessage().contains("NOT VALID"), foreignKey.getMessage());
    db.execute("CREATE UNIQUE INDEX " + t + "_key ON " + t + " (code, part)");
    assertThrows(
        SQLException.class,
        () ->
            db.execute(
                "ALTER TABLE "
                    + t
                    + " ADD CONSTRAINT "
                    + t
                    + "_key UNIQUE USING INDEX "
                    + t
                    + "_key"));
    db.execute("ALTER TABLE " + t + " ADD CONSTRAINT " + t + "_check CHECK (code > 0) NOT VALID");
    db.execute("ALTER TABLE " + t + " VALIDATE CONSTRAINT " + t + "_check");
  }

  /**
   * An undeclared partitioned table: the index a contract would turn into a constraint USING INDEX
   * is refused before anything changes, not at contract after the whole window.
   */
  @Test
  void aUniqueConstraintUsingAnIndexIsRefusedBeforeAnythingChanges() throws Exception {
    String t = "pt_using";
    String h = "hist_pt_using";
    createIndexTable(t);
    PlannedMigration unique = uniqueCodes(82, t);
    String name = t + "_code_key";
    PlannedMigration withContract =
        new PlannedMigration(
            unique.id(),
            unique.description(),
            unique.checksum(),
            unique.expand(),
            List.of(
                dev.straddle.plan.SqlStatement.inTransaction(
                    "ALTER TABLE \""
                        + t
                        + "\" ADD CONSTRAINT \""
                        + name
                        + "\" UNIQUE USING INDEX \""
                        + name
                        + "\"")),
            unique.fragments(),
            unique.expectations(),
            unique.indexes());
    StraddleException refused =
        assertThrows(
            StraddleException.class,
            () -> straddle(TestPlans.plan(withContract), h, null).migrate());
    assertEquals(ErrorCode.PREFLIGHT, refused.code());
    assertTrue(refused.getMessage().contains("USING INDEX"), refused.getMessage());
    assertEquals(0, query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + h + "'"));
  }
}
