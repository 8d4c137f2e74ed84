package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.straddle.processor.Db.text;
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
import dev.straddle.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enum facts the processor emits reach the runner's drift check (docs/ARCHITECTURE.md, "Enum
 * types"): an {@code @ExistingEnum} whose labels differ from the catalog's, or a type a migration
 * creates that exists already, is listed by {@code verify} and refuses the run before it changes
 * anything; an applied {@code @DropEnumValue} is no baseline drift.
 */
@ExtendWith(PostgresExtension.class)
class EnumDriftOnPostgresTest {

  @Test
  void enumFactsAreCheckedBeforeAnythingChanges(TestDatabase db) throws Exception {
    db.execute(EnumExamples.setup(10));
    db.execute("CREATE TYPE priority_level AS ENUM ('low', 'medium', 'high')");
    db.execute("ALTER TYPE job_status RENAME VALUE 'cancelled' TO 'canceled'");
    Straddle straddle =
        Straddle.configure(EnumExamples.plan(EnumExamples.compile()))
            .dataSource(db.dataSource())
            .load();

    List<String> problems = straddle.verify().stream().map(Problem::text).toList();
    assertEquals(
        List.of(
            "baseline: type job_status has no label 'cancelled' (its labels: queued, running,"
                + " done, canceled)",
            "migration 1 (pending): type priority_level already exists"),
        problems);
    assertTrue(straddle.verify().stream().allMatch(p -> p.code() == ErrorCode.DRIFT));
    StraddleException refused =
        assertThrows(StraddleException.class, () -> straddle.expand(Backfill.DEFER));
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(
        refused.getMessage().contains("priority_level already exists"), refused.getMessage());
    assertNull(text(db, "SELECT to_regnamespace('straddle')::text"), "nothing was written");
    assertEquals(
        "queued,running,done,canceled", EnumsOnPostgresTest.labels(db, "job_status"), "no label");

    db.execute("DROP TYPE priority_level");
    db.execute("ALTER TYPE job_status RENAME VALUE 'canceled' TO 'cancelled'");
    assertEquals(List.of(), straddle.verify());
    straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("queued,running,paused,done", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(List.of(), straddle.verify(), "the applied drop is no baseline drift");
  }

  /**
   * A label that an earlier migration renames at its contract: a later migration may drop it by its
   * new name, expanded before that contract (contracts run in id order).
   */
  @Test
  void aLabelRenamedAtAnEarlierContractIsNoDriftBeforeIt(TestDatabase db) throws Exception {
    db.execute(
        "CREATE TYPE stage AS ENUM ('draft', 'done'); CREATE TABLE docs (id bigint PRIMARY"
            + " KEY, stage stage NOT NULL); INSERT INTO docs VALUES (1, 'done'), (2, 'draft')");
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(
                JavaFileObjects.forSourceString(
                    "test.Stages",
                    """
                    package test;
                    import dev.straddle.dsl.*;
                    @ExistingEnum(name = "stage", values = {"draft", "done"})
                    @ExistingTable(name = "docs", columns = {
                        @Column(name = "id", type = "bigint", primaryKey = true),
                        @Column(name = "stage", type = "stage", notNull = true)})
                    class Baseline {}
                    @Migration(id = 1, description = "finished")
                    @RenameEnumValue(type = "stage", from = "done", to = "finished")
                    class Finished {}
                    @Migration(id = 2, description = "no more finished")
                    @DropEnumValue(type = "stage", value = "finished", replacement = "draft")
                    class NoMoreFinished {}
                    """));
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan =
        (MigrationPlan)
            ProcedureExamples.load(compilation, "test.StraddlePlan").getConstructor().newInstance();
    Straddle straddle =
        Straddle.configure(plan).dataSource(db.dataSource()).historySchema("stages").load();
    assertEquals(List.of(), straddle.verify());
    straddle.expand(Backfill.RUN);
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("draft", EnumsOnPostgresTest.labels(db, "stage"));
    assertEquals("draft,draft", text(db, "SELECT string_agg(stage::text, ',') FROM docs"));
  }
}
