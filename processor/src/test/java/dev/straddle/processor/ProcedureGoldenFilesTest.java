package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.ProcedureVersion;
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
 * Golden files of the versioned-procedure examples (release 2: both migrations): the phase SQL, the
 * {@code Procedures} class and the plan class. Regenerate with {@code -Dstraddle.updateGolden=true}
 * (see {@link GoldenFilesTest}).
 */
class ProcedureGoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/procedures");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = ProcedureExamples.release2();
    assertThat(compilation).succeededWithoutWarnings();
    if (UPDATE) {
      for (String path : resourcePaths()) {
        write(path, Examples.resource(compilation, path).orElseThrow());
      }
      write("Procedures.java", source(ProcedureExamples.PROCEDURES));
      write("StraddlePlan.java", source(ProcedureExamples.PLAN));
    }
  }

  static List<String> resourcePaths() {
    List<String> paths = new ArrayList<>();
    for (String folder : ProcedureExamples.FOLDERS) {
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
    assertGolden(ProcedureExamples.PROCEDURES, "Procedures.java");
  }

  @Test
  void planClassMatchesTheGoldenSource() throws IOException {
    assertGolden(ProcedureExamples.PLAN, "StraddlePlan.java");
  }

  @Test
  void eachBuildNamesItsOwnHeadVersion() throws Exception {
    assertEquals("fetch_job_v2", ProcedureExamples.constant(compilation, "FETCH_JOB"));
    assertEquals(
        "SELECT * FROM count_jobs_v2(?, ?)",
        ProcedureExamples.constant(compilation, "COUNT_JOBS_CALL"));
    Compilation release1 = ProcedureExamples.release1();
    assertThat(release1).succeededWithoutWarnings();
    assertEquals("fetch_job_v1", ProcedureExamples.constant(release1, "FETCH_JOB"));
    assertEquals(
        "SELECT * FROM fetch_job_v1(?)", ProcedureExamples.constant(release1, "FETCH_JOB_CALL"));
  }

  @Test
  void aBuildWithoutProceduresHasNoProceduresClass() {
    Compilation plain = Examples.compile();
    assertTrue(plain.generatedSourceFile(Examples.PACKAGE + ".Procedures").isEmpty());
  }

  @Test
  void thePlanListsEveryVersionWithItsMigrationAndDropSignature() throws Exception {
    MigrationPlan plan = ProcedureExamples.plan(compilation);
    List<String> versions =
        plan.procedures().stream()
            .map(p -> p.qualifiedName() + "@" + p.migration() + "(" + p.identityArguments() + ")")
            .toList();
    assertEquals(
        List.of(
            "fetch_job_v1@1(target_queue text)",
            "count_jobs_v1@1(target_queue text, only_status text)",
            "fetch_job_v2@2(target_queue text)",
            "count_jobs_v2@2(target_queue text, only_status text)"),
        versions);
    assertTrue(plan.procedures().stream().map(ProcedureVersion::checksum).distinct().count() == 4);
  }

  @Test
  void aChangedBodyChangesTheVersionAndMigrationChecksumsOnly() throws Exception {
    MigrationPlan original = ProcedureExamples.plan(compilation);
    Compilation edited = ProcedureExamples.release2Edited();
    assertThat(edited).succeededWithoutWarnings();
    MigrationPlan changed = ProcedureExamples.plan(edited);
    assertEquals(original.migrations().get(0).checksum(), changed.migrations().get(0).checksum());
    assertTrue(
        !original.migrations().get(1).checksum().equals(changed.migrations().get(1).checksum()));
    assertEquals(original.procedures().get(0), changed.procedures().get(0));
    assertTrue(!original.procedures().get(2).equals(changed.procedures().get(2)));
    assertEquals(original.procedures().get(3), changed.procedures().get(3));
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
