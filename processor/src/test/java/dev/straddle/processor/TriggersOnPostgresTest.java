package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trigger examples through the runner over a schema written by hand (docs/ARCHITECTURE.md,
 * "Triggers and existing functions"): release 1 attaches audit_job version 1 and adopts
 * count_jobs(text); old code (head 0) and release 1 write; release 2's expand moves the trigger to
 * version 2, which then audits the rows of both releases, with the column the sync trigger computed
 * for old code's rows (it fires first); the hand-written function, its legacy overload, the
 * hand-written trigger and its function stay until contract, which drops them and version 1. A
 * missing adopted function refuses the run, which changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class TriggersOnPostgresTest {

  @Test
  void theTriggerMovesToTheNewVersionAtExpandAndTheHandWrittenSqlGoesAtContract(TestDatabase db)
      throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    handWritten(db);
    write(db, 0, "INSERT INTO jobs (queue) VALUES ('mail')"); // id 1, before Straddle
    Compilation release1 = TriggerExamples.release1();
    Compilation release2 = TriggerExamples.release2();
    assertThat(release1).succeededWithoutWarnings();
    assertThat(release2).succeededWithoutWarnings();

    straddle(db, TriggerExamples.plan(release1)).migrate();
    assertEquals("audit_job_v1", triggerFunction(db, "jobs_audit"));
    // Old code (head 0) and release 1 write; version 1 audits both, the hand-written trigger fires.
    write(db, 0, "INSERT INTO jobs (queue) VALUES ('mail')"); // id 2
    write(db, 1, "INSERT INTO jobs (queue) VALUES ('sms')"); // id 3
    write(db, 1, "UPDATE jobs SET status = 'doing' WHERE id = 1");
    write(db, 1, "UPDATE jobs SET queue = 'mail' WHERE id = 2"); // not UPDATE OF status
    write(db, 0, "UPDATE jobs SET status = 'deleted' WHERE id = 3"); // WHEN excludes it
    assertEquals(
        "2:todo:audit_job_v1 3:todo:audit_job_v1 1:doing:audit_job_v1", audit(db, "audited_by"));
    assertEquals("1,1,1", touches(db));
    try (Connection c = db.connectAsHead(1)) {
      assertEquals(2L, count(c, TriggerExamples.constant(release1, "COUNT_JOBS_CALL"), "mail"));
    }

    Straddle two = straddle(db, TriggerExamples.plan(release2));
    two.expand(Backfill.DEFER);
    assertEquals("audit_job_v2", triggerFunction(db, "jobs_audit"), "moved at expand");
    // In the window, version 2 audits the rows of both releases; the sync trigger (which fires
    // first) has computed queue_key for old code's rows before version 2 reads it.
    write(db, 1, "INSERT INTO jobs (queue) VALUES ('push')"); // id 4, release 1
    write(db, 2, "INSERT INTO jobs (queue, queue_key) VALUES ('fax', 'FAX-2')"); // id 5, release 2
    write(db, 1, "UPDATE jobs SET status = 'done' WHERE id = 1");
    write(db, 0, "UPDATE jobs SET status = 'done' WHERE id = 2");
    two.backfill();
    assertEquals(
        "2:todo:audit_job_v1:null 3:todo:audit_job_v1:null 1:doing:audit_job_v1:null"
            + " 4:todo:audit_job_v2:PUSH 5:todo:audit_job_v2:FAX-2 1:done:audit_job_v2:MAIL"
            + " 2:done:audit_job_v2:MAIL",
        audit(db, "audited_by || ':' || coalesce(queue_key, 'null')"));
    // Until contract, everything release 1 (and older code) uses is still there.
    assertEquals(
        "audit_job_v1(),audit_job_v2(),count_jobs(text),count_jobs(text, text),"
            + "count_jobs_v1(target_queue text),touch_job()",
        functions(db));
    // The backfill is an UPDATE: row triggers of the table fire for it too (here the hand-written
    // one, for row 3, the only row nobody wrote since expand).
    assertEquals("2,2,2,0,0", touches(db));
    try (Connection c = db.connectAsHead(1)) {
      assertEquals(2L, count(c, TriggerExamples.constant(release1, "COUNT_JOBS_CALL"), "mail"));
      assertEquals(1L, count(c, "SELECT count_jobs(?, 'deleted')", "sms"));
    }
    try (Connection c = db.connectAsHead(2)) {
      assertEquals(2L, count(c, TriggerExamples.constant(release2, "COUNT_JOBS_CALL"), "mail"));
    }

    two.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("audit_job_v2(),count_jobs_v1(target_queue text)", functions(db));
    assertNull(triggerFunction(db, "jobs_touch"));
    assertEquals("audit_job_v2", triggerFunction(db, "jobs_audit"));
    write(db, 2, "UPDATE jobs SET status = 'doing', queue_key = 'K' WHERE id = 5");
    assertEquals("5:doing:audit_job_v2:K", lastAudit(db));
    assertEquals("2,2,2,0,0", touches(db), "the hand-written trigger is gone");
    assertEquals(List.of(), two.verify());
  }

  @Test
  void aMissingAdoptedFunctionRefusesTheRunWhichChangesNothing(TestDatabase db) throws Exception {
    handWritten(db);
    db.execute("DROP FUNCTION count_jobs(text)");
    Compilation release2 = TriggerExamples.release2();
    assertThat(release2).succeededWithoutWarnings();
    Straddle two = straddle(db, TriggerExamples.plan(release2));
    String before = functions(db) + " " + triggers(db);

    List<Problem> problems = two.verify();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(ErrorCode.DRIFT, problems.get(0).code());
    assertEquals(
        "migration 1 (pending): function \"count_jobs\"(text) does not exist",
        problems.get(0).text());
    StraddleException refused =
        assertThrows(
            StraddleException.class, () -> two.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(refused.getMessage().contains("\"count_jobs\"(text)"), refused.getMessage());
    assertNull(text(db, "SELECT to_regnamespace('straddle')::text"), "nothing was written");
    assertNull(text(db, "SELECT to_regclass('job_audit')::text"));
    assertEquals(before, functions(db) + " " + triggers(db));

    db.execute(
        "CREATE FUNCTION count_jobs(text) RETURNS bigint LANGUAGE sql"
            + " AS $$ SELECT 0::bigint $$");
    assertEquals(List.of(), two.verify());
  }

  @Test
  void anAdoptedFunctionWithAnArgumentTypeTheDatabaseLacksIsDrift(TestDatabase db)
      throws Exception {
    // PostgreSQL 13's to_regprocedure raises an error for an unknown type; later majors say null.
    handWritten(db);
    Compilation adopt =
        TriggerExamples.compile(
            List.of(
                TriggerExamples.source("Baseline"),
                JavaFileObjects.forSourceString(
                    "com.example.trig.Adopt",
                    """
                    package com.example.trig;
                    import dev.straddle.dsl.*;
                    @Migration(id = 1, description = "adopt")
                    @ExistingProcedure(name = "count_jobs", arguments = "job_state",
                        returns = "bigint")
                    final class Adopt {}
                    """)));
    assertThat(adopt).succeededWithoutWarnings();
    List<Problem> problems = straddle(db, TriggerExamples.plan(adopt)).verify();
    assertEquals(
        List.of("migration 1 (pending): function \"count_jobs\"(job_state) does not exist"),
        problems.stream().map(Problem::text).toList());
  }

  @Test
  void aTriggerStraddleDidNotCreateMustExistToBeDropped(TestDatabase db) throws Exception {
    handWritten(db);
    Compilation release1 = TriggerExamples.release1();
    straddle(db, TriggerExamples.plan(release1)).migrate();
    db.execute("DROP TRIGGER jobs_touch ON jobs");
    Straddle two = straddle(db, TriggerExamples.plan(TriggerExamples.release2()));
    List<Problem> problems = two.verify();
    assertEquals(
        List.of("migration 2 (pending): trigger jobs_touch on table jobs does not exist"),
        problems.stream().map(Problem::text).toList());
    String before = functions(db) + " " + triggers(db);
    assertThrows(StraddleException.class, () -> two.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(before, functions(db) + " " + triggers(db));
    assertEquals("audit_job_v1", triggerFunction(db, "jobs_audit"));
  }

  /** The hand-written schema, on a clean database (the class's tests share one). */
  private static void handWritten(TestDatabase db) throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
            + TriggerExamples.HAND_WRITTEN);
  }

  private static Straddle straddle(TestDatabase db, MigrationPlan plan) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .lockTimeout(Duration.ofMillis(500))
        .load();
  }

  /** The function the trigger of jobs executes, or null when there is no such trigger. */
  private static String triggerFunction(TestDatabase db, String trigger) throws SQLException {
    return text(
        db,
        "SELECT (SELECT tgfoid::regproc::text FROM pg_trigger WHERE tgrelid = 'jobs'::regclass"
            + " AND tgname = '"
            + trigger
            + "')");
  }

  /** Every audit row in order: {@code job:status:<what>}. */
  private static String audit(TestDatabase db, String what) throws SQLException {
    return text(
        db,
        "SELECT string_agg(job_id || ':' || status || ':' || "
            + what
            + ", ' ' ORDER BY id) FROM job_audit");
  }

  private static String lastAudit(TestDatabase db) throws SQLException {
    return text(
        db,
        "SELECT job_id || ':' || status || ':' || audited_by || ':' || queue_key"
            + " FROM job_audit ORDER BY id DESC LIMIT 1");
  }

  private static String touches(TestDatabase db) throws SQLException {
    return text(db, "SELECT string_agg(touches::text, ',' ORDER BY id) FROM jobs");
  }

  /** The functions of the public schema with their identity arguments, but Straddle's sync ones. */
  private static String functions(TestDatabase db) throws SQLException {
    return text(
        db,
        "SELECT string_agg(proname || '(' || pg_get_function_identity_arguments(oid) || ')', ','"
            + " ORDER BY proname, pg_get_function_identity_arguments(oid)) FROM pg_proc"
            + " WHERE pronamespace = 'public'::regnamespace AND proname NOT LIKE 'straddle_sync_%'");
  }

  private static String triggers(TestDatabase db) throws SQLException {
    return text(
        db,
        "SELECT string_agg(tgname || '>' || tgfoid::regproc::text, ',' ORDER BY tgname)"
            + " FROM pg_trigger WHERE NOT tgisinternal");
  }

  private static long count(Connection c, String sql, String queue) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, queue);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
