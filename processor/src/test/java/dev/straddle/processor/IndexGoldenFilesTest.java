package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes for indexes (docs/ARCHITECTURE.md, "Indexes"), pinned in {@code
 * src/test/resources/golden/indexes}: every method with its operator classes, {@code INCLUDE},
 * storage parameters and expressions built concurrently at backfill; legacy indexes dropped
 * concurrently outside the contract transaction and renamed inside it. Regenerate after an intended
 * change with {@code -Dtest=IndexGoldenFilesTest -Dstraddle.updateGolden=true} and review the diff.
 */
class IndexGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens =
        PhaseGoldens.of(
            "indexes", IndexExamples.FOLDERS, IndexExamples.compile(IndexExamples.RELEASE2));
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(IndexExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
