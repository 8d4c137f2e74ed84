package dev.straddle.processor;

import java.io.IOException;
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

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens =
        PhaseGoldens.of("nullability", NullabilityExamples.FOLDERS, NullabilityExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(NullabilityExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
