package dev.straddle.processor.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.PlannedMigration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code compatibility.md}: one row per head (linear), and the grid of the states (contracted
 * through c, backfilled through e) that deploys pass through, for the last migrations.
 */
class CompatibilityMatrixTest {

  private static final String GRID_HEADER = "| contracted through | backfilled through |";

  /**
   * Release 1 has head 1; release 2 ships migrations 2 and 3. While release 2 is rolled out, the
   * schema has 2 and 3 expanded and backfilled and nothing contracted: release 1 works on it.
   */
  @Test
  void aReleaseShippingTwoMigrationsWorksWhileBothAreExpandedAndBackfilled() {
    String md =
        CompatibilityMatrix.render(
            List.of(migration(1, "One"), migration(2, "Two"), migration(3, "Three")));
    List<String> header = cells(gridHeader(md));
    int head1 = header.indexOf("head 1");
    int head3 = header.indexOf("head 3");
    assertTrue(head1 > 0 && head3 > 0, md);

    List<String> nothingContracted = state(md, "none", "3");
    assertEquals("✅", nothingContracted.get(head1), md);
    assertEquals("✅", nothingContracted.get(head3), md);
    // After migrate contracted 1 (release 0 gone): release 1 still works, release 0 does not.
    List<String> oneContracted = state(md, "1", "3");
    assertEquals("✅", oneContracted.get(head1), md);
    assertEquals("❌", oneContracted.get(header.indexOf("head 0")), md);
    // Once release 1 is gone and 2 and 3 are contracted.
    List<String> allContracted = state(md, "3", "3");
    assertEquals("❌", allContracted.get(head1), md);
    assertEquals("✅", allContracted.get(head3), md);

    assertTrue(md.contains("| 1: One | 1 backfilled | 2 contracted |"), md);
    assertTrue(md.contains("| 0: older than every migration here | always | 1 contracted |"), md);
    assertTrue(md.contains("| 3: Three | 3 backfilled | a later migration contracted |"), md);
  }

  /** Every cell of the grid says c ≤ h ≤ e, for every pair c ≤ e a deploy can pass through. */
  @Test
  void theGridHasEveryStateADeployCanPassThrough() {
    String md =
        CompatibilityMatrix.render(
            List.of(migration(1, "One"), migration(2, "Two"), migration(3, "Three")));
    List<String> header = cells(gridHeader(md));
    List<List<String>> rows = gridRows(md);
    assertEquals(10, rows.size(), md); // (c, e) with 0 ≤ c ≤ e ≤ 3
    for (List<String> row : rows) {
      int c = row.get(0).equals("none") ? 0 : Integer.parseInt(row.get(0));
      int e = row.get(1).equals("none") ? 0 : Integer.parseInt(row.get(1));
      assertTrue(c <= e, row.toString());
      for (int h = 0; h <= 3; h++) {
        String expected = c <= h && h <= e ? "✅" : "❌";
        assertEquals(expected, row.get(header.indexOf("head " + h)), row + " head " + h);
      }
    }
  }

  @Test
  void aLongHistoryGetsOneRowPerHeadAndTheGridOfItsLastMigrations() {
    List<GeneratedMigration> migrations = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      int id = i * 10; // ids need not be consecutive
      migrations.add(migration(id, i == 40 ? "Last | one" : "Migration " + id));
    }
    String md = CompatibilityMatrix.render(migrations);
    List<String> lines = md.lines().toList();

    assertTrue(md.contains("head 9 is code older than every migration here"), md);
    assertTrue(lines.contains("| 9: older than every migration here | always | 10 contracted |"));
    assertTrue(lines.contains("| 10: Migration 10 | 10 backfilled | 20 contracted |"), md);
    assertTrue(lines.contains("| 200: Migration 200 | 200 backfilled | 210 contracted |"), md);
    assertTrue(
        lines.contains("| 400: Last \\| one | 400 backfilled | a later migration contracted |"),
        md);
    assertEquals(41, lines.stream().filter(l -> l.matches("\\| \\d+: .*contracted \\|")).count());

    int grid = CompatibilityMatrix.GRID_MIGRATIONS;
    List<String> header = cells(gridHeader(md));
    assertEquals(grid + 3, header.size(), header.toString()); // c, e, then grid + 1 heads
    int base = 400 - 10 * grid;
    assertEquals("head " + base, header.get(2));
    assertEquals("head 400", header.get(header.size() - 1));
    assertTrue(md.contains("The last " + grid + " migrations, every state"), md);
    List<List<String>> rows = gridRows(md);
    assertEquals((grid + 1) * (grid + 2) / 2, rows.size(), md);
    // Contracted through at most the base: every older contract is irrelevant to these heads.
    assertEquals("≤ " + base, rows.get(0).get(0), md);
    assertEquals(String.valueOf(base), rows.get(0).get(1), md);
    List<String> released = state(md, "≤ " + base, "400");
    assertTrue(released.subList(2, released.size()).stream().allMatch("✅"::equals), md);
    List<String> last = state(md, "400", "400");
    assertEquals(List.of("✅"), last.subList(last.size() - 1, last.size()), md);
    assertEquals(1, last.stream().filter("✅"::equals).count(), md);
  }

  private static String gridHeader(String md) {
    return md.lines()
        .filter(l -> l.startsWith(GRID_HEADER))
        .findFirst()
        .orElseThrow(() -> new AssertionError(md));
  }

  private static List<List<String>> gridRows(String md) {
    List<String> lines = md.lines().toList();
    int at = lines.indexOf(gridHeader(md)) + 2;
    List<List<String>> rows = new ArrayList<>();
    while (at < lines.size() && lines.get(at).startsWith("| ")) {
      rows.add(cells(lines.get(at++)));
    }
    return rows;
  }

  /** The grid row of state (contracted through c, backfilled through e). */
  private static List<String> state(String md, String c, String e) {
    return gridRows(md).stream()
        .filter(r -> r.get(0).equals(c) && r.get(1).equals(e))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no state (" + c + ", " + e + ") in\n" + md));
  }

  private static List<String> cells(String row) {
    return Arrays.stream(row.substring(1, row.length() - 1).split("\\|"))
        .map(String::trim)
        .toList();
  }

  private static GeneratedMigration migration(int id, String description) {
    PlannedMigration planned =
        new PlannedMigration(id, description, "x", List.of(), List.of(), List.of(), List.of());
    return new GeneratedMigration(planned, id + "_m", "M" + id, Map.of());
  }
}
