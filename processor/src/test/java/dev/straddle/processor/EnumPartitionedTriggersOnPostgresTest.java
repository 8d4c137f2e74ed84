package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code @DropEnumValue} whose type a partitioned table made by hand uses, with triggers naming
 * the column (docs/ARCHITECTURE.md, "Enum types"): one on the parent ({@code UPDATE OF}, cloned to
 * the partitions), one on a partition with a {@code WHEN} and a comment, a disabled one. The
 * contract moves the column and puts every trigger back as it was, clones included; a session that
 * ran them before the contract keeps writing after it.
 */
@ExtendWith(PostgresExtension.class)
class EnumPartitionedTriggersOnPostgresTest {

  private static final String SOURCE =
      """
      package com.example.enumparts;

      import dev.straddle.dsl.*;

      @ExistingEnum(name = "job_status", values = {"queued", "done", "failed"})
      @ExistingTable(name = "tasks", columns = {
          @Column(name = "id", type = "bigint", notNull = true, primaryKey = true)})
      final class Baseline {}

      @Migration(id = 1, description = "No more failed")
      @DropEnumValue(type = "job_status", value = "failed", replacement = "done")
      final class NoMoreFailed {}
      """;

  private static final String SCHEMA =
      """
      CREATE TYPE job_status AS ENUM ('queued', 'done', 'failed');
      CREATE TABLE tasks (id bigint PRIMARY KEY);
      CREATE TABLE jobs (id int, status job_status NOT NULL DEFAULT 'queued', note text)
        PARTITION BY RANGE (id);
      CREATE TABLE jobs_1 PARTITION OF jobs FOR VALUES FROM (0) TO (100);
      CREATE TABLE jobs_2 PARTITION OF jobs FOR VALUES FROM (100) TO (200);
      CREATE TABLE job_events (id serial, status job_status);
      CREATE FUNCTION record() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO job_events (status) VALUES (NEW.status); RETURN NULL; END $$;
      CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.note := 'was ' || OLD.status; RETURN NEW; END $$;
      CREATE TRIGGER jobs_record AFTER UPDATE OF status ON jobs
        FOR EACH ROW EXECUTE FUNCTION record();
      CREATE TRIGGER jobs_1_note BEFORE UPDATE ON jobs_1
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION note();
      COMMENT ON TRIGGER jobs_1_note ON jobs_1 IS 'notes the previous status';
      CREATE TRIGGER jobs_2_off BEFORE UPDATE OF status ON jobs_2
        FOR EACH ROW EXECUTE FUNCTION note();
      ALTER TABLE jobs_2 DISABLE TRIGGER jobs_2_off;
      INSERT INTO jobs SELECT g, 'failed' FROM generate_series(1, 199) g;
      """;

  private static final String TRIGGERS =
      "SELECT string_agg(tgrelid::regclass || ' ' || tgenabled::text || ' ' || (tgparentid <> 0)::text || ' '"
          + " || coalesce(obj_description(oid, 'pg_trigger'), '') || ' ' || pg_get_triggerdef(oid),"
          + " E'\\n' ORDER BY tgrelid::regclass::text, tgname) FROM pg_trigger WHERE NOT tgisinternal";

  @Test
  void theTriggersComeBackAsTheyWereAndOpenSessionsKeepWriting(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(JavaFileObjects.forSourceString("com.example.enumparts.Baseline", SOURCE));
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan =
        (MigrationPlan)
            ProcedureExamples.load(compilation, "com.example.enumparts.StraddlePlan")
                .getConstructor()
                .newInstance();
    db.execute(SCHEMA);
    String triggers = text(db, TRIGGERS);
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.DEFER);
    straddle.backfill();

    try (Connection session = db.connectAsHead(1);
        Statement statement = session.createStatement()) {
      statement.execute("UPDATE jobs SET status = 'queued' WHERE id IN (1, 101)");
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      statement.execute("UPDATE jobs SET status = 'done' WHERE id IN (1, 101)");
      statement.execute("UPDATE jobs SET status = 'queued' WHERE id IN (2, 102)");
    }

    assertEquals("queued,done", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(triggers, text(db, TRIGGERS), "every trigger as it was");
    assertEquals(2L, number(db, "SELECT count(*) FROM jobs WHERE status = 'queued'"));
    assertEquals("was done", text(db, "SELECT note FROM jobs WHERE id = 2"));
    assertEquals(
        2L + 197 + 4, // two before, the data step's rows, four after
        number(db, "SELECT count(*) FROM job_events"));
  }
}
