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

/**
 * The phase files of one set of examples, pinned under {@code src/test/resources/golden/<set>}:
 * what the {@code *GoldenFilesTest} classes of the operation kinds share. With {@code
 * -Dstraddle.updateGolden=true} the goldens are rewritten from the compilation (review the diff).
 */
final class PhaseGoldens {

  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private final Path golden;
  private final Compilation compilation;

  private PhaseGoldens(Path golden, Compilation compilation) {
    this.golden = golden;
    this.compilation = compilation;
  }

  /** The goldens of {@code set}, for {@code compilation} (which must compile without warnings). */
  static PhaseGoldens of(String set, List<String> folders, Compilation compilation)
      throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    PhaseGoldens goldens = new PhaseGoldens(Path.of("src/test/resources/golden", set), compilation);
    if (UPDATE) {
      for (String path : paths(folders).toList()) {
        Path file = goldens.golden.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, goldens.generated(path), StandardCharsets.UTF_8);
      }
    }
    return goldens;
  }

  /** Every phase file of every migration folder, as a path below {@code META-INF}. */
  static Stream<String> paths(List<String> folders) {
    List<String> paths = new ArrayList<>();
    for (String folder : folders) {
      for (String phase : Examples.PHASES) {
        paths.add("META-INF/straddle/" + folder + "/" + phase);
      }
    }
    return paths.stream();
  }

  /** Asserts the generated file at {@code path} is its golden. */
  void check(String path) throws IOException {
    String expected = Files.readString(golden.resolve(path), StandardCharsets.UTF_8);
    assertEquals(expected, generated(path), path);
  }

  private String generated(String path) {
    return Examples.resource(compilation, path).orElseThrow();
  }
}
