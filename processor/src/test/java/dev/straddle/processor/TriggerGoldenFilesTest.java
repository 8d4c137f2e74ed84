package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.SchemaExpectation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the trigger examples (release 2: both migrations): the phase SQL, the {@code
 * Procedures} class and the plan class. Regenerate with {@code -Dstraddle.updateGolden=true} (see
 * {@link GoldenFilesTest}).
 */
class TriggerGoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/triggers");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = TriggerExamples.release2();
    assertThat(compilation).succeededWithoutWarnings();
    if (UPDATE) {
      for (String path : resourcePaths()) {
        write(path, Examples.resource(compilation, path).orElseThrow());
      }
      write("Procedures.java", source(TriggerExamples.PROCEDURES));
      write("StraddlePlan.java", source(TriggerExamples.PLAN));
    }
  }

  static List<String> resourcePaths() {
    List<String> paths = new ArrayList<>();
    for (String folder : TriggerExamples.FOLDERS) {
      for (String phase : Examples.PHASES) {
        paths.add("META-INF/straddle/" + folder + "/" + phase);
      }
    }
    return paths;
  }

  static Stream<String> resources() {
    return resourcePaths().stream();
  }

  @ParameterizedTest
  @MethodSource("resources")
  void sqlMatchesTheGoldenFiles(String path) throws IOException {
    String expected = Files.readString(GOLDEN.resolve(path), StandardCharsets.UTF_8);
    assertEquals(expected, Examples.resource(compilation, path).orElseThrow(), path);
  }

  @Test
  void proceduresClassMatchesTheGoldenSource() throws IOException {
    assertGolden(TriggerExamples.PROCEDURES, "Procedures.java");
  }

  @Test
  void planClassMatchesTheGoldenSource() throws IOException {
    assertGolden(TriggerExamples.PLAN, "StraddlePlan.java");
  }

  @Test
  void aTriggerFunctionHasNoCallConstantAndAnAdoptedFunctionIsNamedAsItIs() throws Exception {
    assertEquals("audit_job_v2", TriggerExamples.constant(compilation, "AUDIT_JOB"));
    assertEquals("count_jobs_v1", TriggerExamples.constant(compilation, "COUNT_JOBS"));
    assertEquals(
        "SELECT * FROM count_jobs_v1(?)", TriggerExamples.constant(compilation, "COUNT_JOBS_CALL"));
    assertThrows(
        NoSuchFieldException.class, () -> TriggerExamples.constant(compilation, "AUDIT_JOB_CALL"));
    Compilation release1 = TriggerExamples.release1();
    assertThat(release1).succeededWithoutWarnings();
    assertEquals("audit_job_v1", TriggerExamples.constant(release1, "AUDIT_JOB"));
    assertEquals("count_jobs", TriggerExamples.constant(release1, "COUNT_JOBS"));
    assertEquals(
        "SELECT * FROM count_jobs(?)", TriggerExamples.constant(release1, "COUNT_JOBS_CALL"));
  }

  @Test
  void thePlanListsTheCreatedVersionsOnlyAndExpectsWhatItAdoptsAndDrops() throws Exception {
    MigrationPlan plan = TriggerExamples.plan(compilation);
    assertEquals(
        List.of("audit_job_v1@1()", "audit_job_v2@2()", "count_jobs_v1@2(target_queue text)"),
        plan.procedures().stream()
            .map(p -> p.qualifiedName() + "@" + p.migration() + "(" + p.identityArguments() + ")")
            .toList());
    assertEquals(
        List.of(
            "TABLE job_audit null false",
            "TABLE jobs null true",
            "TRIGGER jobs jobs_audit false",
            "COLUMN jobs status true",
            "FUNCTION  count_jobs true"),
        describe(plan.migrations().get(0).expectations()));
    assertTrue(
        describe(plan.migrations().get(1).expectations())
            .containsAll(
                List.of(
                    "TRIGGER jobs jobs_audit true",
                    "TRIGGER jobs jobs_touch true",
                    "FUNCTION  count_jobs true",
                    "FUNCTION  touch_job true")),
        describe(plan.migrations().get(1).expectations()).toString());
  }

  private static List<String> describe(List<SchemaExpectation> expectations) {
    return expectations.stream()
        .map(e -> e.subject() + " " + e.table() + " " + e.name() + " " + e.present())
        .toList();
  }

  private static void assertGolden(String className, String file) throws IOException {
    // Read from src/, not the classpath, so a run with -Dstraddle.updateGolden=true passes at once.
    String golden = Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8);
    assertThat(compilation)
        .generatedSourceFile(className)
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString(className, golden));
  }

  private static String source(String className) throws IOException {
    return compilation.generatedSourceFile(className).orElseThrow().getCharContent(true).toString();
  }

  private static void write(String path, String content) throws IOException {
    Path file = GOLDEN.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
