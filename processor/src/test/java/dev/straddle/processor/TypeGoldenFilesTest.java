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
 * The phases the processor writes for column type changes (docs/ARCHITECTURE.md, "Column type
 * changes"), pinned in {@code src/test/resources/golden/types}: widenings PostgreSQL makes in the
 * catalog alone as one ALTER at expand; the others through a shadow column kept in sync, backfilled
 * and swapped in at contract, a primary key through its concurrently built unique index. Regenerate
 * after an intended change with {@code -Dtest=TypeGoldenFilesTest -Dstraddle.updateGolden=true} and
 * review the diff.
 */
class TypeGoldenFilesTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/types");
  private static final boolean UPDATE = Boolean.getBoolean("straddle.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() throws IOException {
    compilation = TypeExamples.compile();
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
    for (String folder : TypeExamples.FOLDERS) {
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
