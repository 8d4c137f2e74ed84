package dev.straddle.processor;

import java.io.IOException;
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

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens = PhaseGoldens.of("types", TypeExamples.FOLDERS, TypeExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(TypeExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
