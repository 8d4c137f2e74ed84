package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes for enum types (docs/ARCHITECTURE.md, "Enum types"), pinned in
 * {@code src/test/resources/golden/enums}: a type created first in the expand transaction, a label
 * added outside it, and at contract a label renamed and one dropped (the data step and the type
 * made again). Regenerate after an intended change with {@code -Dtest=EnumGoldenFilesTest
 * -Dstraddle.updateGolden=true} and review the diff.
 */
class EnumGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens = PhaseGoldens.of("enums", EnumExamples.FOLDERS, EnumExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(EnumExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
