package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor's behaviour beyond the golden files: options, rounds, checksums, the plan. */
class ProcessorBehaviourTest {

  private static final String HEADER = "package test;\nimport dev.straddle.dsl.*;\n";

  @Test
  void thePlanClassNameCanBeChosen() {
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .withOptions("-Astraddle.planClass=com.example.app.Migrations")
            .compile(Examples.sources());
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.app.Migrations");
  }

  @Test
  void aBaselineAloneMakesAnEmptyPlanWithHeadZero() throws Exception {
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"));
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = load(compilation, Examples.PLAN);
    assertEquals(0, plan.head());
    assertEquals(List.of(), plan.migrations());
    assertEquals(6, plan.baseline().size(), "the table, its partitioning and its four columns");
    assertEquals(
        "head 0",
        Examples.resource(compilation, "META-INF/straddle/manifest.txt")
            .orElseThrow()
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow());
  }

  @Test
  void theGeneratedPlanDescribesTheMigrations() throws Exception {
    Compilation compilation = Examples.compile();
    MigrationPlan plan = load(compilation, Examples.PLAN);

    assertEquals(6, plan.head());
    assertEquals(
        List.of(1, 2, 3, 4, 5, 6), plan.migrations().stream().map(PlannedMigration::id).toList());
    PlannedMigration rename = plan.migrations().get(1);
    assertEquals(
        List.of(
            new SyncFragment("jobs", SyncFragment.Direction.UP, "queue_name", "\"queue\""),
            new SyncFragment("jobs", SyncFragment.Direction.DOWN, "queue", "\"queue_name\"")),
        rename.fragments());
    assertEquals(List.of("jobs"), rename.backfillTables());
    assertTrue(rename.contract().get(0).sql().contains("VALIDATE CONSTRAINT"));
    assertTrue(!rename.contract().get(0).transactional());
    assertEquals(64, rename.checksum().length());
    assertTrue(plan.baseline().contains(SchemaExpectation.columnExists("jobs", "queue", "text")));
    assertEquals(
        "Status no longer says 'aborting'", plan.migrations().get(4).description(), "escaping");
    PlannedMigration indexes = plan.migrations().get(5);
    assertEquals(
        List.of("jobs_waiting_idx", "queues_name_key"),
        indexes.indexes().stream().map(IndexBuild::name).toList());
    assertTrue(indexes.needsBackfill(), "indexes are built in the backfill phase");
    assertTrue(indexes.expand().isEmpty());
  }

  @Test
  void aLongHistorySpansSeveralPartsOfThePlanAndDecodesInOrder() throws Exception {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"));
    int n = 300;
    for (int i = 1; i <= n; i++) {
      // Column 7 is named like the tag that starts a migration in the plan's strings.
      String column = i == 7 ? "migration" : "c" + i;
      String up = i % 3 == 0 ? ", up = \"'migration'\"" : "";
      sources.add(
          JavaFileObjects.forSourceString(
              "test.M" + i,
              HEADER
                  + "@Migration(id = "
                  + i
                  + ", description = \"Add "
                  + column
                  + "\")\n"
                  + "@AddColumn(table = \"jobs\", column = \""
                  + column
                  + "\", type = \"text\""
                  + up
                  + ")\n"
                  + "class M"
                  + i
                  + " {}\n"));
    }
    Compilation compilation = javac().withProcessors(new StraddleProcessor()).compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    String source =
        compilation
            .generatedSourceFile("test.StraddlePlan")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertTrue(source.contains("part2()"), "more than one part");

    MigrationPlan plan = load(compilation, "test.StraddlePlan");
    assertEquals(n, plan.head());
    assertEquals(
        IntStream.rangeClosed(1, n).boxed().toList(),
        plan.migrations().stream().map(PlannedMigration::id).toList());
    PlannedMigration seventh = plan.migrations().get(6);
    assertEquals("Add migration", seventh.description());
    assertEquals(
        List.of(
            SchemaExpectation.tableExists("jobs"),
            SchemaExpectation.columnAbsent("jobs", "migration")),
        seventh.expectations());
    PlannedMigration ninth = plan.migrations().get(8);
    assertEquals(
        List.of(new SyncFragment("jobs", SyncFragment.Direction.UP, "c9", "'migration'")),
        ninth.fragments());
    assertEquals(1, ninth.expand().size());
    assertTrue(ninth.expand().get(0).transactional());
    assertTrue(ninth.contract().isEmpty());
    assertTrue(plan.migrations().get(n - 1).expand().get(0).sql().contains("\"c" + n + "\""));
  }

  @Test
  void theChecksumCoversTheDeclarationNotItsLayout() {
    String a = manifestLine(migration("up = \"status = 'aborting'\", defaultValue = \"false\""));
    String b =
        manifestLine(migration("defaultValue = \"false\",\n    up = \"status = 'aborting'\""));
    String c = manifestLine(migration("up = \"status = 'cancelling'\", defaultValue = \"false\""));
    assertEquals(a, b, "attribute order and formatting do not matter");
    assertNotEquals(a, c, "a changed expression is a changed migration");
  }

  @Test
  void aSecondRoundDoesNotGenerateTwice() {
    Compilation compilation =
        javac()
            .withProcessors(
                new StraddleProcessor(),
                new SourceGeneratingProcessor("test.Other", "package test;\nclass Other {}\n"))
            .compile(Examples.sources());
    assertThat(compilation).succeededWithoutWarnings();
    long plans =
        compilation.generatedSourceFiles().stream()
            .filter(f -> f.getName().endsWith("StraddlePlan.java"))
            .count();
    assertEquals(1, plans);
  }

  @Test
  void aMigrationFromALaterRoundIsAnError() {
    Compilation compilation =
        javac()
            .withProcessors(
                new StraddleProcessor(),
                new SourceGeneratingProcessor(
                    "test.Late",
                    HEADER
                        + "@Migration(id = 9, description = \"late\")\n"
                        + "@AlterColumn(table = \"jobs\", column = \"status\", up = \"status\")\n"
                        + "class Late {}\n"))
            .compile(Examples.sources());
    assertThat(compilation).hadErrorContaining("[StraddleLateRound]");
  }

  private static JavaFileObject migration(String attributes) {
    return JavaFileObjects.forSourceString(
        "test.Add",
        HEADER
            + "@Migration(id = 1, description = \"add\")\n"
            + "@AddColumn(table = \"jobs\", column = \"abort_requested\", type = \"boolean\",\n"
            + "    "
            + attributes
            + ")\n"
            + "class Add {}\n");
  }

  private static String manifestLine(JavaFileObject source) {
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(
                JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"), source);
    assertThat(compilation).succeededWithoutWarnings();
    String manifest =
        Examples.resource(compilation, "META-INF/straddle/manifest.txt").orElseThrow();
    return manifest.lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow();
  }

  /** Instantiates the generated plan class from the compilation's in-memory output. */
  private static MigrationPlan load(Compilation compilation, String name) throws Exception {
    return (MigrationPlan) ProcedureExamples.load(compilation, name).getConstructor().newInstance();
  }
}
