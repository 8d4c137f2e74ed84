package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Expand, backfill and contract on a partitioned table (docs/ARCHITECTURE.md, "Partitioned
 * tables"), with the compiled {@link PartitionExamples}: {@code events} is partitioned by month
 * into three partitions, the third one sub-partitioned in two halves. Old code (head 0) and new
 * code (head 2) write into every partition through expand → backfill → contract; a fourth month, a
 * table that already holds rows from before the expand, is attached after the expand and gets the
 * sync trigger, the backfill and the index like the others. The rows of every partition are
 * checked.
 */
@ExtendWith(PostgresExtension.class)
class PartitionsOnPostgresTest {

  static final int ROWS_PER_MONTH = 2_000;
  static final int NEW_HEAD = 2;

  /** {@code events} partitioned by month, January to March, March in two halves; April apart. */
  static String setup() {
    return "CREATE TABLE events (id bigint NOT NULL, created_at date NOT NULL, kind text NOT NULL,"
        + " payload text, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);\n"
        + "CREATE TABLE events_2024_01 PARTITION OF events"
        + " FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
        + "CREATE TABLE events_2024_02 PARTITION OF events"
        + " FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');\n"
        + "CREATE TABLE events_2024_03 PARTITION OF events"
        + " FOR VALUES FROM ('2024-03-01') TO ('2024-04-01') PARTITION BY RANGE (created_at);\n"
        + "CREATE TABLE events_2024_03a PARTITION OF events_2024_03"
        + " FOR VALUES FROM ('2024-03-01') TO ('2024-03-16');\n"
        + "CREATE TABLE events_2024_03b PARTITION OF events_2024_03"
        + " FOR VALUES FROM ('2024-03-16') TO ('2024-04-01');\n"
        + "INSERT INTO events SELECT g, date '2024-01-01' + (g % 91), 'kind' || (g % 7),"
        + " CASE WHEN g % 5 = 0 THEN NULL ELSE repeat('x', g % 50) END"
        + " FROM generate_series(1, "
        + 3 * ROWS_PER_MONTH
        + ") g;\n"
        // April: rows written before the expand into a table that is not a partition yet.
        + "CREATE TABLE events_2024_04 (id bigint NOT NULL, created_at date NOT NULL,"
        + " kind text NOT NULL, payload text, PRIMARY KEY (id, created_at));\n"
        + "INSERT INTO events_2024_04 SELECT 100000 + g, date '2024-04-01' + (g % 30),"
        + " 'april' || (g % 3), repeat('y', g % 20) FROM generate_series(1, "
        + ROWS_PER_MONTH
        + ") g;\n"
        + "ANALYZE events, events_2024_04";
  }

  /**
   * Attaches April after the expand: a partition must have the parent's columns and constraints, so
   * it gets the expand's new columns and its NOT VALID checks first (catalog changes; its rows keep
   * their old row versions, so the backfill fills them).
   */
  static String attachApril() {
    return "ALTER TABLE events_2024_04 ADD COLUMN kind_name text,"
        + " ADD COLUMN payload_size integer DEFAULT 0;\n"
        + "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def"
        + " FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'c' LOOP"
        + " EXECUTE format('ALTER TABLE events_2024_04 ADD CONSTRAINT %I %s', c.conname, c.def);"
        + " END LOOP; END $$;\n"
        + "ALTER TABLE events ATTACH PARTITION events_2024_04"
        + " FOR VALUES FROM ('2024-04-01') TO ('2024-05-01')";
  }

  @Test
  void oldAndNewCodeWriteThroughEveryPartitionAndEveryRowIsRight(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = PartitionExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = PartitionExamples.plan(compilation);
    db.execute(setup());
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();

    straddle.expand(Backfill.DEFER);
    assertEquals(
        "events,events_2024_01,events_2024_02,events_2024_03,events_2024_03a,events_2024_03b",
        triggers(db),
        "the sync trigger is on the parent and PostgreSQL cloned it onto every partition");

    db.execute(attachApril());
    assertEquals(
        "events,events_2024_01,events_2024_02,events_2024_03,events_2024_03a,events_2024_03b,"
            + "events_2024_04",
        triggers(db),
        "a partition attached after the expand gets the sync trigger too");

    // Both releases write into every month, April included, before the backfill.
    for (String day : new String[] {"2024-01-10", "2024-02-10", "2024-03-05", "2024-03-25"}) {
      writeBoth(db, day);
    }
    writeBoth(db, "2024-04-10");
    write(db, 0, "UPDATE events SET kind = 'old update' WHERE id IN (7, 100007)");
    assertEquals(
        "kind_name=old update kind=old update",
        text(
            db,
            "SELECT 'kind_name=' || kind_name || ' kind=' || kind FROM events WHERE id = 100007"));

    straddle.backfill();
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM events WHERE kind_name IS DISTINCT FROM kind"
                + " OR payload_size IS DISTINCT FROM coalesce(length(payload), 0)"),
        "every row of every partition is backfilled or was synced");
    assertEquals(
        "events_2024_01,events_2024_02,events_2024_03a,events_2024_03b,events_2024_04",
        text(db, "SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM events"),
        "rows in every leaf partition");
    assertEquals(4L * ROWS_PER_MONTH + 10, number(db, "SELECT count(*) FROM events"));
    assertEquals(
        perPartition(db, "true"),
        perPartition(db, "kind_name IS NOT NULL AND payload_size IS NOT NULL"),
        "every row of every partition has the new columns");
    assertEquals(
        "true",
        text(
            db,
            "SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'events_kind_name_idx'::regclass"));
    assertEquals(
        "events_2024_01,events_2024_02,events_2024_03a,events_2024_03b,events_2024_04",
        text(
            db,
            "SELECT string_agg(x.indrelid::regclass::text, ',' ORDER BY x.indrelid::regclass::text)"
                + " FROM pg_partition_tree('events_kind_name_idx') t"
                + " JOIN pg_index x ON x.indexrelid = t.relid WHERE t.isleaf AND x.indisvalid"),
        "a valid index on every leaf partition, attached to the parent's");

    // The window: both releases write after the backfill (new code starts once it is done).
    write(db, NEW_HEAD, "UPDATE events SET kind_name = 'new update' WHERE id IN (8, 100008)");
    assertEquals(
        "kind_name=new update kind=new update",
        text(
            db,
            "SELECT 'kind_name=' || kind_name || ' kind=' || kind FROM events WHERE id = 100008"));
    writeBoth(db, "2024-01-20");
    writeBoth(db, "2024-03-20");
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("", triggers(db), "the sync trigger is gone from every partition");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_attribute a JOIN pg_partition_tree('events') t"
                + " ON t.relid = a.attrelid WHERE a.attname = 'kind' AND NOT a.attisdropped"),
        "the old column is dropped from every partition");
    assertEquals(
        "6",
        text(
            db,
            "SELECT count(*) FROM pg_attribute a JOIN pg_partition_tree('events') t"
                + " ON t.relid = a.attrelid WHERE a.attname IN ('kind_name') AND a.attnotnull"
                + " AND t.relid <> 'events_2024_03'::regclass"),
        "kind_name is NOT NULL on the parent and every leaf");
    write(
        db,
        NEW_HEAD,
        "INSERT INTO events (id, created_at, kind_name, payload, payload_size) VALUES (900001,"
            + " '2024-04-20', 'after contract', 'abc', 3)");
    assertEquals(
        "after contract 3",
        text(db, "SELECT kind_name || ' ' || payload_size FROM events WHERE id = 900001"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM events WHERE kind_name IS NULL OR payload_size IS NULL"
                + " OR (payload_size <> coalesce(length(payload), 0) AND id < 900000)"));

    // Migration 2 created a partitioned table; the application adds its partitions.
    assertEquals(
        "p", text(db, "SELECT relkind FROM pg_class WHERE oid = 'event_audits'::regclass"));
    write(
        db,
        NEW_HEAD,
        "CREATE TABLE event_audits_2024 PARTITION OF event_audits"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
            + " INSERT INTO event_audits VALUES (1, '2024-06-01', 'checked')");
    assertEquals(
        "event_audits_2024",
        text(db, "SELECT tableoid::regclass::text FROM event_audits WHERE id = 1"));

    // verify compares event_audits with migration 2's CREATE TABLE, and events with the baseline.
    assertEquals(List.of(), drift(straddle));
    db.execute(
        "DROP TABLE event_audits; CREATE TABLE event_audits (id bigint, audited_at timestamptz,"
            + " note text NOT NULL, PRIMARY KEY (id, audited_at))");
    assertEquals(
        List.of(
            "migration 2: table event_audits is not partitioned, declared with partitionBy"
                + " RANGE (audited_at)"),
        drift(straddle));
  }

  private static List<String> drift(Straddle straddle) {
    return straddle.verify().stream()
        .filter(p -> p.code() == ErrorCode.DRIFT)
        .map(Problem::text)
        .toList();
  }

  /**
   * {@code verify} compares the baseline's {@code partitionBy} with the live table: in a schema
   * whose {@code events} is partitioned as declared it finds nothing, in one whose {@code events}
   * is plain or partitioned by another key it reports the drift.
   */
  @Test
  void verifyComparesTheDeclaredPartitioningWithTheLiveTable(TestDatabase db) throws Exception {
    Compilation compilation = PartitionExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = PartitionExamples.plan(compilation);
    String columns =
        "(id bigint NOT NULL, created_at date NOT NULL, kind text NOT NULL, payload text,"
            + " PRIMARY KEY (id, created_at))";
    db.execute(
        "CREATE SCHEMA pd_declared; CREATE TABLE pd_declared.events "
            + columns
            + " PARTITION BY RANGE (created_at);"
            + " CREATE SCHEMA pd_plain; CREATE TABLE pd_plain.events "
            + columns
            + "; CREATE SCHEMA pd_by_id; CREATE TABLE pd_by_id.events "
            + columns
            + " PARTITION BY RANGE (id)");
    assertEquals(List.of(), baselineProblems(db, plan, "pd_declared"));
    assertEquals(
        List.of(
            "baseline: table events is not partitioned, declared with partitionBy"
                + " RANGE (created_at)"),
        baselineProblems(db, plan, "pd_plain"));
    assertEquals(
        List.of(
            "baseline: table events is partitioned by RANGE (id), declared as RANGE (created_at)"),
        baselineProblems(db, plan, "pd_by_id"));
  }

  /** The baseline problems {@code verify} finds with {@code schema} first on the search path. */
  private static List<String> baselineProblems(TestDatabase db, MigrationPlan plan, String schema) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(db.jdbcUrl());
    dataSource.setUser(db.user());
    dataSource.setPassword(db.password());
    dataSource.setCurrentSchema(schema);
    return Straddle.configure(plan).dataSource(dataSource).load().verify().stream()
        .map(Problem::text)
        .filter(text -> text.startsWith("baseline: "))
        .toList();
  }

  /** Old code inserts a row of {@code day}, new code another; both shapes must be filled. */
  private static void writeBoth(TestDatabase db, String day) throws Exception {
    long base = 500_000 + number(db, "SELECT count(*) FROM events") * 2;
    write(
        db,
        0,
        "INSERT INTO events (id, created_at, kind, payload) VALUES ("
            + base
            + ", '"
            + day
            + "', 'old', 'four')");
    write(
        db,
        NEW_HEAD,
        "INSERT INTO events (id, created_at, kind_name, payload, payload_size) VALUES ("
            + (base + 1)
            + ", '"
            + day
            + "', 'new', 'seven!!', 7)");
    assertEquals(
        "old/old/4 new/new/7",
        text(
            db,
            "SELECT string_agg(kind || '/' || kind_name || '/' || payload_size, ' ' ORDER BY id)"
                + " FROM events WHERE id IN ("
                + base
                + ", "
                + (base + 1)
                + ")"),
        "both shapes of both writers' rows on " + day);
  }

  /** The tables the sync trigger is on, by name. */
  private static String triggers(TestDatabase db) throws Exception {
    String value =
        text(
            db,
            "SELECT coalesce(string_agg(tgrelid::regclass::text, ',' ORDER BY tgrelid::regclass::text), '')"
                + " FROM pg_trigger WHERE tgname = '_straddle_sync'");
    return value;
  }

  /** Rows matching {@code condition}, per leaf partition. */
  private static String perPartition(TestDatabase db, String condition) throws Exception {
    return text(
        db,
        "SELECT string_agg(p || '=' || n, ',' ORDER BY p) FROM (SELECT tableoid::regclass::text"
            + " AS p, count(*) AS n FROM events WHERE "
            + condition
            + " GROUP BY 1) x");
  }
}
