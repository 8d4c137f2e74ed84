package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.straddle.processor.Db.hasColumn;
import static dev.straddle.processor.Db.notNull;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The design's worked example of docs/ARCHITECTURE.md, "Concepts" (four operations on one table in
 * one migration, so the sync function has several fragments per direction that must all read the
 * row as it was): it compiles, and its files run on PostgreSQL with old and new code writing.
 */
@ExtendWith(PostgresExtension.class)
class DesignExampleOnPostgresTest {

  private static final String MIGRATION =
      """
      package com.example.jobs;

      import dev.straddle.dsl.*;

      @Migration(id = 7, description = "Split the abort request out of job status")
      @AddColumn(table = "jobs", column = "abort_requested", type = "boolean",
                 notNull = true, defaultValue = "false",
                 up = "status = 'aborting'")
      @AlterColumn(table = "jobs", column = "status",
                 down = "CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END")
      @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
      @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'::jsonb")
      final class SplitAbortRequest {}
      """;

  private static final String FOLDER = "META-INF/straddle/7_split_the_abort_request_out_of_job/";

  @Test
  void runsWithOldAndNewWriters(TestDatabase db) throws SQLException {
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(
                JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"),
                JavaFileObjects.forSourceString("com.example.jobs.SplitAbortRequest", MIGRATION));
    assertThat(compilation).succeededWithoutWarnings();
    db.execute(
        "CREATE TABLE jobs (id bigint PRIMARY KEY, queue text NOT NULL, status text NOT NULL,"
            + " legacy_flags jsonb NOT NULL);"
            + " INSERT INTO jobs VALUES (1, 'mail', 'aborting', '{\"x\": 1}'),"
            + " (2, 'mail', 'doing', '{}')");

    db.execute(file(compilation, "expand.sql"));
    write(
        db,
        6,
        "INSERT INTO jobs (id, queue, status, legacy_flags) VALUES (10, 'old', 'aborting', '{}')");
    write(
        db,
        7,
        "INSERT INTO jobs (id, queue_name, status, abort_requested) VALUES (11, 'new', 'doing', true)");
    assertEquals(
        "old|true|aborting",
        text(
            db,
            "SELECT queue_name || '|' || abort_requested || '|' || status FROM jobs WHERE id = 10"));
    assertEquals(
        "new|aborting|{}",
        text(db, "SELECT queue || '|' || status || '|' || legacy_flags FROM jobs WHERE id = 11"),
        "old code reads what it understands from a row new code wrote");

    db.execute(file(compilation, "backfill.sql"));
    assertEquals("true", text(db, "SELECT abort_requested FROM jobs WHERE id = 1"));
    assertEquals("mail", text(db, "SELECT queue_name FROM jobs WHERE id = 2"));

    db.execute(file(compilation, "contract.sql"));
    assertFalse(hasColumn(db, "queue"));
    assertFalse(hasColumn(db, "legacy_flags"));
    assertTrue(notNull(db, "abort_requested"));
    assertTrue(notNull(db, "queue_name"));
  }

  private static String file(Compilation compilation, String phase) {
    return Examples.resource(compilation, FOLDER + phase).orElseThrow();
  }
}
