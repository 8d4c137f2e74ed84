package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes for table renames and drops, replica identities and raw SQL
 * (docs/ARCHITECTURE.md, "Tables", "Replica identity", "Raw SQL"), pinned in {@code
 * src/test/resources/golden/tables}. Regenerate after an intended change with {@code
 * -Dtest=TableGoldenFilesTest -Dstraddle.updateGolden=true} and review the diff.
 */
class TableGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens =
        PhaseGoldens.of(
            "tables", TableExamples.FOLDERS, TableExamples.compile(TableExamples.RELEASE2));
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(TableExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
