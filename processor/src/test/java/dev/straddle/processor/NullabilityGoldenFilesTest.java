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
 * The phases the processor writes for nullability and defaults of existing columns
 * (docs/ARCHITECTURE.md, "Nullability and defaults of existing columns"), pinned in {@code
 * src/test/resources/golden/nullability}: the NOT NULL check NOT VALID at expand and validated
 * outside the contract's transaction, the UP and DOWN fragments that fill NULLs, defaults set at
 * expand and dropped at contract. Regenerate after an intended change with {@code
 * -Dtest=NullabilityGoldenFilesTest -Dstraddle.updateGolden=true} and review the diff.
 */
class NullabilityGoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/nullability");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = NullabilityExamples.compile();
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
    for (String folder : NullabilityExamples.FOLDERS) {
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
