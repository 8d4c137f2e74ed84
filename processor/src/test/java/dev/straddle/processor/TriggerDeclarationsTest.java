package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Declarations of triggers and existing functions that must compile, and what they generate
 * (docs/ARCHITECTURE.md, "Triggers and existing functions"), against the examples' baseline ({@code
 * jobs(id, queue, status, legacy_flags)}).
 */
class TriggerDeclarationsTest {

  private static final String HEADER = "package test;\nimport dev.straddle.dsl.*;\n";

  @Test
  void anAdoptedTriggerFunctionMovesItsTriggerToVersionOneWhichThenDropsIt() throws Exception {
    MigrationPlan plan =
        plan(
            """
            @Migration(id = 1, description = "adopt")
            @CreateTrigger(table = "jobs", name = "jobs_touch", procedure = "touch_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE)
            @ExistingProcedure(name = "touch_job", schema = "legacy", returns = "trigger")
            class Adopt {}
            @Migration(id = 2, description = "version it")
            @Procedure(name = "touch_job", version = 1, schema = "legacy", returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            class Version {}
            """);
    assertEquals(
        List.of(
            "CREATE TRIGGER \"jobs_touch\" BEFORE UPDATE ON \"jobs\"\nFOR EACH ROW\n"
                + "EXECUTE FUNCTION \"legacy\".\"touch_job\"()"),
        sql(plan.migrations().get(0).expand()));
    List<String> expand = sql(plan.migrations().get(1).expand());
    assertEquals(3, expand.size(), expand.toString());
    assertTrue(expand.get(0).startsWith("CREATE FUNCTION \"legacy\".\"touch_job_v1\"()"));
    assertEquals("DROP TRIGGER \"jobs_touch\" ON \"jobs\"", expand.get(1));
    assertTrue(expand.get(2).endsWith("EXECUTE FUNCTION \"legacy\".\"touch_job_v1\"()"));
    assertEquals(
        List.of("DROP FUNCTION IF EXISTS \"legacy\".\"touch_job\"()"),
        sql(plan.migrations().get(1).contract()));
  }

  @Test
  void aVersionOneBesideTheAdoptedFunctionCompilesInEitherOrder() throws Exception {
    MigrationPlan plan =
        plan(
            """
            @Migration(id = 1, description = "adopt and version")
            @Procedure(name = "count_jobs", version = 1, arguments = "q text", returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            @ExistingProcedure(name = "count_jobs", arguments = "character varying",
                returns = "bigint")
            class Both {}
            """);
    assertEquals(
        "DROP FUNCTION IF EXISTS \"count_jobs\"(character varying)",
        plan.migrations().get(0).contract().get(0).sql());
  }

  @Test
  void aColumnCanGoWhenTheSameMigrationDropsTheTriggerThatDependsOnIt() throws Exception {
    MigrationPlan plan =
        plan(
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.UPDATE,
                columns = "status")
            class Audit {}
            @Migration(id = 2, description = "rename")
            @RenameColumn(table = "jobs", from = "status", to = "state")
            @DropTrigger(table = "jobs", name = "jobs_audit")
            @CreateTrigger(table = "jobs", name = "jobs_audit_state", procedure = "audit_job",
                timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.UPDATE,
                columns = "state")
            class Rename {}
            """);
    List<String> contract = sql(plan.migrations().get(1).contract());
    int dropTrigger = contract.indexOf("DROP TRIGGER \"jobs_audit\" ON \"jobs\"");
    int dropColumn = contract.indexOf("ALTER TABLE \"jobs\" DROP COLUMN \"status\"");
    assertTrue(0 <= dropTrigger && dropTrigger < dropColumn, contract.toString());
  }

  private static List<String> sql(List<SqlStatement> statements) {
    return statements.stream().map(SqlStatement::sql).toList();
  }

  private static MigrationPlan plan(String body) throws ReflectiveOperationException {
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(
                JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"),
                JavaFileObjects.forSourceString("test.Case", HEADER + body));
    assertThat(compilation).succeededWithoutWarnings();
    return (MigrationPlan)
        ProcedureExamples.load(compilation, "test.StraddlePlan").getConstructor().newInstance();
  }
}
