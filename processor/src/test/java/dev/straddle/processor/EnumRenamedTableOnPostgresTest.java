package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.write;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A migration that renames a table with a column of an enum type and then drops one of the type's
 * labels (docs/ARCHITECTURE.md, "Enum types"): the {@code @RenameTable} declared first, its
 * contract drops the view of the old name before the {@code @DropEnumValue} moves the column
 * (declared the other way round it is {@code [StraddleEnumColumnInView]}). Old code writes the
 * label through the view in the window; the contract relabels it and removes it.
 */
@ExtendWith(PostgresExtension.class)
class EnumRenamedTableOnPostgresTest {

  private static final String SOURCE =
      """
      package com.example.enumrename;

      import dev.straddle.dsl.*;

      @ExistingEnum(name = "job_status", values = {"queued", "done", "failed"})
      @ExistingTable(name = "tasks", columns = {
          @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
          @Column(name = "status", type = "job_status", notNull = true)})
      final class Baseline {}

      @Migration(id = 1, description = "Tasks are jobs, and failed goes")
      @RenameTable(from = "tasks", to = "jobs")
      @DropEnumValue(type = "job_status", value = "failed", replacement = "done")
      final class TasksAreJobs {}
      """;

  @Test
  void theViewOfTheOldNameIsDroppedBeforeTheColumnMoves(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(JavaFileObjects.forSourceString("com.example.enumrename.Baseline", SOURCE));
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan =
        (MigrationPlan)
            ProcedureExamples.load(compilation, "com.example.enumrename.StraddlePlan")
                .getConstructor()
                .newInstance();
    db.execute(
        "CREATE TYPE job_status AS ENUM ('queued', 'done', 'failed');"
            + " CREATE TABLE tasks (id bigint PRIMARY KEY, status job_status NOT NULL);"
            + " INSERT INTO tasks VALUES (1, 'queued'), (2, 'failed')");
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.DEFER);
    write(db, 0, "INSERT INTO tasks VALUES (3, 'failed')"); // old code, through the view
    straddle.backfill();

    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);

    assertEquals("queued,done", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(2L, number(db, "SELECT count(*) FROM jobs WHERE status = 'done'"));
    assertEquals(0L, number(db, "SELECT count(*) FROM pg_class WHERE relname = 'tasks'"));
  }
}
