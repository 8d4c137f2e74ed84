package dev.straddle.processor.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.runtime.PlannedMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matrix of a long history: linear range rows, and the grid only for the last migrations. */
class CompatibilityMatrixTest {

  @Test
  void aLongHistoryGetsRangeRowsAndTheGridOfItsLastMigrations() {
    List<GeneratedMigration> migrations = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      int id = i * 10; // ids need not be consecutive
      migrations.add(migration(id, i == 40 ? "Last | one" : "Migration " + id));
    }
    String md = CompatibilityMatrix.render(migrations);
    List<String> lines = md.lines().toList();

    assertTrue(md.contains("head 9 is code older than every migration here"), md);
    assertTrue(lines.contains("| 10 expanded + backfilled: Migration 10 | 9 and 10 |"), md);
    assertTrue(lines.contains("| 10 contracted | 10 only |"), md);
    assertTrue(lines.contains("| 200 expanded + backfilled: Migration 200 | 190 and 200 |"), md);
    assertTrue(lines.contains("| 400 expanded + backfilled: Last \\| one | 390 and 400 |"), md);
    assertEquals(
        2 * 40,
        lines.stream().filter(l -> l.matches("\\| .* \\| (\\d+ and \\d+|\\d+ only) \\|")).count());

    String header =
        lines.stream()
            .filter(l -> l.startsWith("| schema state | head "))
            .findFirst()
            .orElseThrow();
    int grid = CompatibilityMatrix.GRID_MIGRATIONS;
    assertEquals(grid + 1, header.split("\\| head ", -1).length - 1, header);
    assertTrue(header.startsWith("| schema state | head 290 | head 300 |"), header);
    assertTrue(header.endsWith("| head 400 |"), header);
    assertTrue(md.contains("The last " + grid + " migrations' states and heads"), md);
    List<String> gridRows =
        lines.stream()
            .filter(l -> l.startsWith("| ") && (l.endsWith(" ❌ |") || l.endsWith(" ✅ |")))
            .toList();
    assertEquals(2 * grid, gridRows.size());
    assertTrue(
        gridRows.contains("| 300 contracted | ❌ | ✅ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ | ❌ |"),
        md);
    assertFalse(md.contains("| 280 contracted | ❌"), md);
  }

  @Test
  void aShortHistoryGetsTheWholeGrid() {
    String md = CompatibilityMatrix.render(List.of(migration(1, "One"), migration(2, "Two")));
    assertTrue(md.contains("Every state and head"), md);
    assertTrue(md.contains("| schema state | head 0 | head 1 | head 2 |"), md);
    assertTrue(md.contains("| 2 expanded + backfilled: Two | ❌ | ✅ | ✅ |"), md);
  }

  private static GeneratedMigration migration(int id, String description) {
    PlannedMigration planned =
        new PlannedMigration(id, description, "x", List.of(), List.of(), List.of(), List.of());
    return new GeneratedMigration(planned, id + "_m", "M" + id, Map.of());
  }
}
