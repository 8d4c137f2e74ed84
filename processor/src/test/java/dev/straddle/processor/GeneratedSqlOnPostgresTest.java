package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.hasColumn;
import static dev.straddle.processor.Db.notNull;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the reviewable files the processor generates for the examples on a real PostgreSQL, phase by
 * phase, with old and new code writing in between, so the golden files can never drift into SQL
 * that does not work.
 */
@ExtendWith(PostgresExtension.class)
class GeneratedSqlOnPostgresTest {

  private static Compilation compilation;

  @BeforeAll
  static void compile(TestDatabase db) throws SQLException {
    compilation = Examples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    db.execute(
        "CREATE TABLE jobs (id bigint PRIMARY KEY, queue text NOT NULL, status text NOT NULL,"
            + " legacy_flags jsonb NOT NULL)");
    db.execute(
        "INSERT INTO jobs VALUES (1, 'default', 'doing', '{}'),"
            + " (2, 'mail', 'aborting', '{\"x\": 1}')");
  }

  @Test
  void everyMigrationRunsThroughItsPhasesWhileOldAndNewCodeWrite(TestDatabase db)
      throws SQLException {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    createTable(db);
    rename(db);
    addColumnWithUp(db);
    dropColumnWithDown(db);
    alterColumn(db);
    indexes(db);
    assertEquals(0L, number(db, "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"));
  }

  private void createTable(TestDatabase db) throws SQLException {
    phase(db, 1, "expand.sql");
    phase(db, 1, "backfill.sql");
    phase(db, 1, "contract.sql");
    db.execute("INSERT INTO queues (name) VALUES ('default')");
    assertEquals("false", text(db, "SELECT paused FROM queues"));
  }

  private void rename(TestDatabase db) throws SQLException {
    phase(db, 2, "expand.sql");
    write(
        db,
        1,
        "INSERT INTO jobs (id, queue, status, legacy_flags) VALUES (10, 'old', 'doing', '{}')");
    write(
        db,
        2,
        "INSERT INTO jobs (id, queue_name, status, legacy_flags) VALUES (11, 'new', 'doing', '{}')");
    write(db, 1, "UPDATE jobs SET queue = 'moved' WHERE id = 11");
    assertEquals("old|old", text(db, "SELECT queue || '|' || queue_name FROM jobs WHERE id = 10"));
    assertEquals(
        "moved|moved", text(db, "SELECT queue || '|' || queue_name FROM jobs WHERE id = 11"));
    assertEquals(2L, number(db, "SELECT count(*) FROM jobs WHERE queue_name IS NULL"));

    phase(db, 2, "backfill.sql");
    assertEquals(
        0L, number(db, "SELECT count(*) FROM jobs WHERE queue_name IS DISTINCT FROM queue"));

    phase(db, 2, "contract.sql");
    assertFalse(hasColumn(db, "queue"));
    assertTrue(notNull(db, "queue_name"));
    assertEquals("mail", text(db, "SELECT queue_name FROM jobs WHERE id = 2"));
  }

  private void addColumnWithUp(TestDatabase db) throws SQLException {
    phase(db, 3, "expand.sql");
    write(
        db,
        2,
        "INSERT INTO jobs (id, queue_name, status, legacy_flags) VALUES (20, 'q', 'aborting', '{}')");
    write(
        db,
        3,
        "INSERT INTO jobs (id, queue_name, status, legacy_flags, abort_requested) VALUES (21, 'q', 'aborting', '{}', false)");
    assertEquals("true", text(db, "SELECT abort_requested FROM jobs WHERE id = 20"));
    assertEquals(
        "false",
        text(db, "SELECT abort_requested FROM jobs WHERE id = 21"),
        "new code's value is kept");
    assertEquals(
        "false",
        text(db, "SELECT abort_requested FROM jobs WHERE id = 2"),
        "default until backfill");

    phase(db, 3, "backfill.sql");
    assertEquals("true", text(db, "SELECT abort_requested FROM jobs WHERE id = 2"));
    assertEquals("false", text(db, "SELECT abort_requested FROM jobs WHERE id = 1"));

    phase(db, 3, "contract.sql");
    assertTrue(notNull(db, "abort_requested"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_constraint WHERE conname = 'jobs_abort_requested_not_null'"));
  }

  private void dropColumnWithDown(TestDatabase db) throws SQLException {
    phase(db, 4, "expand.sql");
    write(
        db,
        3,
        "INSERT INTO jobs (id, queue_name, status, legacy_flags, abort_requested) VALUES (30, 'q', 'doing', '{\"y\": 2}', false)");
    write(
        db,
        4,
        "INSERT INTO jobs (id, queue_name, status, abort_requested) VALUES (31, 'q', 'doing', false)");
    assertEquals("{\"y\": 2}", text(db, "SELECT legacy_flags::text FROM jobs WHERE id = 30"));
    assertEquals("{}", text(db, "SELECT legacy_flags::text FROM jobs WHERE id = 31"));

    phase(db, 4, "backfill.sql");
    phase(db, 4, "contract.sql");
    assertFalse(hasColumn(db, "legacy_flags"));
  }

  private void alterColumn(TestDatabase db) throws SQLException {
    phase(db, 5, "expand.sql");
    write(
        db,
        4,
        "INSERT INTO jobs (id, queue_name, status, abort_requested) VALUES (40, 'q', 'aborting', true)");
    write(
        db,
        5,
        "INSERT INTO jobs (id, queue_name, status, abort_requested) VALUES (41, 'q', 'doing', true)");
    assertEquals(
        "aborting", text(db, "SELECT status FROM jobs WHERE id = 40"), "old code's own value");
    assertEquals(
        "aborting", text(db, "SELECT status FROM jobs WHERE id = 41"), "down for new code");
    assertEquals("aborting", text(db, "SELECT status FROM jobs WHERE id = 2"));

    phase(db, 5, "backfill.sql");
    assertEquals(
        "aborting", text(db, "SELECT status FROM jobs WHERE id = 2"), "no up: no backfill");

    phase(db, 5, "contract.sql");
  }

  private void indexes(TestDatabase db) throws SQLException {
    phase(db, 6, "expand.sql");
    phase(db, 6, "backfill.sql");
    phase(db, 6, "contract.sql");
    assertEquals(
        2L,
        number(
            db,
            "SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid IN"
                + " ('jobs_waiting_idx'::regclass, 'queues_name_key'::regclass)"));
    assertEquals(
        "true",
        text(
            db,
            "SELECT indisunique::text FROM pg_index WHERE indexrelid = 'queues_name_key'::regclass"));
  }

  /**
   * Runs a generated file as psql would: as one script, or statement by statement when it builds
   * indexes concurrently (PostgreSQL refuses those inside a multi-statement string).
   */
  private static void phase(TestDatabase db, int id, String file) throws SQLException {
    String path = "META-INF/straddle/" + Examples.FOLDERS.get(id - 1) + "/" + file;
    String sql = Examples.resource(compilation, path).orElseThrow();
    if (!sql.contains("CONCURRENTLY")) {
      db.execute(sql);
      return;
    }
    for (String statement : sql.split(";\\n")) {
      String code = statement.replaceAll("(?m)^--.*$", "").strip();
      if (!code.isEmpty()) {
        db.execute(code);
      }
    }
  }
}
