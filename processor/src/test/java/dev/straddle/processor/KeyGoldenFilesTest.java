package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases of a widened primary key that a foreign key references (docs/ARCHITECTURE.md, "Column
 * type changes"), pinned in {@code src/test/resources/golden/keys}: both columns through shadow
 * columns, the foreign keys saved, dropped and re-created NOT VALID in the contract transaction and
 * validated after it. Regenerate with {@code -Dtest=KeyGoldenFilesTest
 * -Dstraddle.updateGolden=true} and review the diff.
 */
class KeyGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens = PhaseGoldens.of("keys", KeyExamples.FOLDERS, KeyExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(KeyExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
