package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes for volatile defaults (docs/ARCHITECTURE.md, "Volatile
 * defaults"), pinned in {@code src/test/resources/golden/volatile}: columns added without the
 * volatile default, the default set apart, existing rows filled by the backfill, a serial's
 * sequence created beside the table, a renamed column copied rather than regenerated. Regenerate
 * after an intended change with {@code -Dtest=VolatileGoldenFilesTest -Dstraddle.updateGolden=true}
 * and review the diff.
 */
class VolatileGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens = PhaseGoldens.of("volatile", VolatileExamples.FOLDERS, VolatileExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(VolatileExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
