package dev.straddle.processor;

import java.io.IOException;
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

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens =
        PhaseGoldens.of(
            "constraints",
            ConstraintExamples.FOLDERS,
            ConstraintExamples.compile(ConstraintExamples.RELEASE2));
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(ConstraintExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
