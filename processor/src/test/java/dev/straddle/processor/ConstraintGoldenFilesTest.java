package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes for constraints (docs/ARCHITECTURE.md, "Constraints"), pinned in
 * {@code src/test/resources/golden/constraints}: checks and foreign keys {@code NOT VALID} at
 * expand and validated outside the contract transaction, a check's {@code up} as a fragment that
 * fixes only violating rows, constraints of a new table added valid at once, a unique constraint's
 * index built at backfill and attached at contract, renames and drops at contract. Regenerate after
 * an intended change with {@code -Dtest=ConstraintGoldenFilesTest -Dstraddle.updateGolden=true} and
 * review the diff.
 */
class ConstraintGoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/constraints");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = ConstraintExamples.compile(ConstraintExamples.RELEASE2);
    assertThat(compilation).succeededWithoutWarnings();
    if (UPDATE) {
      for (String path : paths().toList()) {
        Path file = GOLDEN.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(
            file, Examples.resource(compilation, path).orElseThrow(), StandardCharsets.UTF_8);
      }
    }
  }

  static Stream<String> paths() {
    List<String> paths = new ArrayList<>();
    for (String folder : ConstraintExamples.FOLDERS) {
      for (String phase : Examples.PHASES) {
        paths.add("META-INF/straddle/" + folder + "/" + phase);
      }
    }
    return paths.stream();
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    String expected = Files.readString(GOLDEN.resolve(path), StandardCharsets.UTF_8);
    assertEquals(expected, Examples.resource(compilation, path).orElseThrow(), path);
  }
}
