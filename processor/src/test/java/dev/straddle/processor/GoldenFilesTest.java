package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
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
 * Compares what the processor generates for the examples with the files under {@code
 * src/test/resources/golden}. After an intended change, regenerate them with {@code mvn test -pl
 * processor -am -Dtest=GoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dstraddle.updateGolden=true} and review the diff.
 */
class GoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");
  private static final String PLAN_GOLDEN = "StraddlePlan.java";

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = Examples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    if (UPDATE) {
      for (String path : resourcePaths()) {
        write(path, Examples.resource(compilation, path).orElseThrow());
      }
      write(
          PLAN_GOLDEN,
          compilation
              .generatedSourceFile(Examples.PLAN)
              .orElseThrow()
              .getCharContent(true)
              .toString());
    }
  }

  static List<String> resourcePaths() {
    List<String> paths = new ArrayList<>();
    for (String folder : Examples.FOLDERS) {
      for (String phase : Examples.PHASES) {
        paths.add("META-INF/straddle/" + folder + "/" + phase);
      }
    }
    paths.add("META-INF/straddle/manifest.txt");
    paths.add("META-INF/straddle/compatibility.md");
    return paths;
  }

  static Stream<String> resources() {
    return resourcePaths().stream();
  }

  @ParameterizedTest
  @MethodSource("resources")
  void sqlAndManifestMatchTheGoldenFiles(String path) throws IOException {
    String expected = Files.readString(GOLDEN.resolve(path), StandardCharsets.UTF_8);
    assertEquals(expected, Examples.resource(compilation, path).orElseThrow(), path);
  }

  @Test
  void planClassMatchesTheGoldenSource() throws IOException {
    // Read from src/, not the classpath, so a run with -Dstraddle.updateGolden=true passes at once.
    String golden = Files.readString(GOLDEN.resolve(PLAN_GOLDEN), StandardCharsets.UTF_8);
    assertThat(compilation)
        .generatedSourceFile(Examples.PLAN)
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString(Examples.PLAN, golden));
  }

  @Test
  void nothingElseIsGeneratedUnderStraddle() {
    long straddleResources =
        compilation.generatedFiles().stream()
            .filter(f -> f.toUri().getPath().contains("/META-INF/straddle/"))
            .count();
    assertEquals(resourcePaths().size(), straddleResources);
    assertTrue(Files.isDirectory(GOLDEN), "run from the processor module");
  }

  private static void write(String path, String content) throws IOException {
    Path file = GOLDEN.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
