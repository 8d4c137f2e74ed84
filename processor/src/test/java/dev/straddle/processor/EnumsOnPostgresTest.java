package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Enum types through the runner (docs/ARCHITECTURE.md, "Enum types"), on a table of {@value #ROWS}
 * jobs: old code (head 0) and new code (head 2) write through expand → backfill → contract while
 * migration 1 creates a type for a new column and adds the status {@code paused}, and migration 2
 * replaces the status {@code cancelled} by a boolean flag (old code keeps writing and reading the
 * status, new code the flag) and removes the label at contract.
 */
@ExtendWith(PostgresExtension.class)
class EnumsOnPostgresTest {

  static final int ROWS = 4_000;
  static final int NEW_HEAD = 2;

  @Test
  void oldAndNewCodeWriteWhileCancelledBecomesAFlagAndTheLabelGoes(TestDatabase db)
      throws Exception {
    Straddle straddle = expanded(db);

    // The label added at expand is usable right away, and by both releases' statements.
    assertEquals("queued,running,paused,done,cancelled", labels(db, "job_status"));
    write(db, NEW_HEAD, "INSERT INTO jobs (status, note) VALUES ('paused', 'new-paused')");
    assertThrows(
        SQLException.class,
        () -> write(db, 0, "INSERT INTO jobs (status) VALUES ('paused')"),
        "the check of migration 1, which names the new label, holds from expand on");

    // Both releases write in the window, the backfill not run yet.
    write(db, 0, "INSERT INTO jobs (status, note) VALUES ('cancelled', 'old-cancel')");
    write(db, 0, "UPDATE jobs SET status = 'cancelled' WHERE id = 4"); // was queued
    write(db, 0, "UPDATE jobs SET note = 'touched by old code' WHERE id = 3"); // cancelled
    write(
        db,
        NEW_HEAD,
        "INSERT INTO jobs (status, cancelled, note, priority) VALUES ('done', true, 'new-cancel',"
            + " 'high')");
    write(
        db,
        NEW_HEAD,
        "INSERT INTO jobs (status, cancelled, note) VALUES ('done', false, 'new-done')");
    write(
        db, NEW_HEAD, "UPDATE jobs SET status = 'done', cancelled = true WHERE id = 1"); // running
    write(db, 0, "UPDATE jobs SET status = 'queued' WHERE note = 'new-cancel'"); // old code retries
    assertEquals("cancelled", status(db, "id = 1"), "old code reads new code's cancel as status");
    assertEquals("true", flag(db, "id = 1"));
    assertEquals("true", flag(db, "note = 'old-cancel'"), "old code's cancel sets the flag");
    assertEquals("true", flag(db, "id = 4"));
    assertEquals("true", flag(db, "id = 3"));
    assertEquals("queued", status(db, "note = 'new-cancel'"));
    assertEquals("false", flag(db, "note = 'new-cancel'"), "old code's retry clears the flag");
    assertEquals("false", flag(db, "note = 'new-done'"));

    straddle.backfill();
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM jobs WHERE cancelled IS DISTINCT FROM (status = 'cancelled')"),
        "every row's flag says what its status says, whoever wrote it");
    write(db, 0, "INSERT INTO jobs (status, note) VALUES ('cancelled', 'old-cancel-late')");
    long flagged = number(db, "SELECT count(*) FROM jobs WHERE cancelled");
    assertEquals(
        ROWS / 4 + 4L, flagged); // the seed's quarter, old-cancel, ids 4 and 1, the late one
    String cancelledIds = ids(db, "status = 'cancelled'");
    String others = digest(db, "status <> 'cancelled'");

    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("queued,running,paused,done", labels(db, "job_status"));
    assertEquals("low,urgent", labels(db, "priority_level"));
    assertEquals(
        0L, number(db, "SELECT count(*) FROM pg_type WHERE typname LIKE 'straddle\\_old\\_%'"));
    assertEquals(cancelledIds, ids(db, "cancelled"), "the flag is kept for every cancelled job");
    assertEquals(cancelledIds, ids(db, "cancelled AND status = 'done'"), "the data step");
    assertEquals(others, digest(db, "NOT cancelled"), "no other row changed its status");
    assertEquals(ROWS + 5L, number(db, "SELECT count(*) FROM jobs"));
    assertEquals("urgent", text(db, "SELECT priority::text FROM jobs WHERE note = 'new-cancel'"));

    // What named the type lives on the new one: the default, the partial index, the check.
    write(db, NEW_HEAD, "INSERT INTO jobs (note) VALUES ('defaulted')");
    assertEquals("queued", status(db, "note = 'defaulted'"));
    assertEquals(
        "true",
        text(
            db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'jobs_waiting_idx'::regclass"));
    assertTrue(
        text(db, "SELECT pg_get_indexdef('jobs_waiting_idx'::regclass)")
            .contains("'queued'::job_status"));
    assertEquals(
        "true,true",
        text(
            db,
            "SELECT string_agg(convalidated::text, ',') FROM pg_constraint"
                + " WHERE conname IN ('jobs_status_known', 'jobs_paused_has_note')"));
    assertThrows(
        SQLException.class,
        () -> write(db, NEW_HEAD, "UPDATE jobs SET note = 'x' WHERE status = 'running'"),
        "the check is back");
    assertEquals(
        "job_status",
        text(
            db,
            "SELECT format_type(atttypid, NULL) FROM pg_attribute"
                + " WHERE attrelid = 'jobs'::regclass AND attname = 'status'"));

    // After contract the trigger is gone: new code's cancel is stored as written.
    write(
        db, NEW_HEAD, "INSERT INTO jobs (status, cancelled, note) VALUES ('done', true, 'after')");
    assertEquals("done", status(db, "note = 'after'"));
    assertThrows(
        SQLException.class,
        () -> write(db, 0, "INSERT INTO jobs (status) VALUES ('cancelled')"),
        "the label is gone (old code is too)");
  }

  static Straddle expanded(Class<?> test, TestDatabase db) throws Exception {
    return expanded0(test, db);
  }

  private Straddle expanded(TestDatabase db) throws Exception {
    return expanded0(getClass(), db);
  }

  private static Straddle expanded0(Class<?> test, TestDatabase db) throws Exception {
    PostgresMajor major = test.getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = EnumExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = EnumExamples.plan(compilation);
    db.execute(EnumExamples.setup(ROWS));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.DEFER);
    return straddle;
  }

  static String labels(TestDatabase db, String type) throws SQLException {
    return text(
        db,
        "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = '"
            + type
            + "'::regtype");
  }

  private static String status(TestDatabase db, String where) throws SQLException {
    return text(db, "SELECT status::text FROM jobs WHERE " + where);
  }

  private static String flag(TestDatabase db, String where) throws SQLException {
    return text(db, "SELECT cancelled FROM jobs WHERE " + where);
  }

  private static String ids(TestDatabase db, String where) throws SQLException {
    return text(db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM jobs WHERE " + where);
  }

  /** Every matching row's id and status, in id order, as one digest. */
  static String digest(TestDatabase db, String where) throws SQLException {
    return text(
        db,
        "SELECT md5(string_agg(id || ':' || status::text || ':' || coalesce(note, ''), ','"
            + " ORDER BY id)) FROM jobs WHERE "
            + where);
  }
}
