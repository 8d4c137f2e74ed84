package dev.straddle.processor;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phases the processor writes on a partitioned table (docs/ARCHITECTURE.md, "Partitioned
 * tables"), pinned in {@code src/test/resources/golden/partitions}: the same statements as on a
 * plain table, run on the parent (PostgreSQL applies them to every partition), and {@code CREATE
 * TABLE ... PARTITION BY}. Regenerate after an intended change with {@code
 * -Dtest=PartitionGoldenFilesTest -Dstraddle.updateGolden=true} and review the diff.
 */
class PartitionGoldenFilesTest {

  private static PhaseGoldens goldens;

  @BeforeAll
  static void compile() throws IOException {
    goldens = PhaseGoldens.of("partitions", PartitionExamples.FOLDERS, PartitionExamples.compile());
  }

  static Stream<String> paths() {
    return PhaseGoldens.paths(PartitionExamples.FOLDERS);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void phasesMatchTheGoldenFiles(String path) throws IOException {
    goldens.check(path);
  }
}
