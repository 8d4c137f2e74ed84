package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window as a schema state (contracted through c, backfilled through e): for every head a build
 * can have, {@code c <= h <= e} says the same as checking each migration's phase.
 */
class StatusWindowTest {

  @Test
  void theStateSaysWhatEachMigrationSaysForEveryPhaseCombination() {
    Phase[] phases = Phase.values();
    int combinations = (int) Math.pow(phases.length, 3);
    for (int n = 0; n < combinations; n++) {
      List<MigrationState> migrations = new ArrayList<>();
      for (int id = 1, rest = n; id <= 3; id++, rest /= phases.length) {
        migrations.add(state(id, phases[rest % phases.length]));
      }
      Status status = new Status(3, migrations, List.of());
      for (int h = 0; h <= 3; h++) {
        final int head = h;
        boolean everyMigrationFits = migrations.stream().allMatch(m -> Status.fits(m, head));
        assertEquals(everyMigrationFits, status.insideWindow(h), migrations + " head " + h);
      }
    }
  }

  @Test
  void aReleaseShippingTwoMigrations() {
    Status expanded =
        new Status(
            3,
            List.of(
                state(1, Phase.BACKFILLED), state(2, Phase.BACKFILLED), state(3, Phase.BACKFILLED)),
            List.of());
    assertEquals(
        "schema state: nothing contracted, backfilled through 3; code with head h works when h ≤ 3",
        expanded.schemaState());
    assertTrue(expanded.insideWindow(1) && expanded.insideWindow(3));
    // A head above every migration known here: its own migrations are not in the database.
    assertFalse(expanded.insideWindow(4));

    Status midway =
        new Status(
            3,
            List.of(
                state(1, Phase.CONTRACTED), state(2, Phase.BACKFILLED), state(3, Phase.EXPANDED)),
            List.of());
    assertEquals(
        "schema state: contracted through 1, backfilled through 2;"
            + " code with head h works when 1 ≤ h ≤ 2",
        midway.schemaState());
    assertTrue(midway.insideWindow(1));
    assertFalse(midway.insideWindow(3));

    Status none =
        new Status(3, List.of(state(1, Phase.PENDING), state(2, Phase.PENDING)), List.of());
    assertEquals(
        "schema state: nothing contracted, nothing backfilled; code with head h works when h < 1",
        none.schemaState());
    assertTrue(none.insideWindow(0));
    assertFalse(none.insideWindow(1));
  }

  private static MigrationState state(int id, Phase phase) {
    return new MigrationState(id, "m" + id, phase, true, true, 0, null);
  }
}
