package dev.straddle.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backfill's pacing decisions, fed observations (no database, no clock): the adaptive default
 * halves the batch target and pauses four times as long as the batch after one the application
 * waited for, grows it by a step after one nobody waited for, up to a ceiling that rises with the
 * time nobody waited; a configured target or pause is kept whatever happens.
 */
class BackfillPacerTest {

  private static final long MS = 1_000_000L;

  @Test
  void adaptiveStartsAtItsStartTargetWithoutPause() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    assertTrue(pacer.isAdaptive());
    assertEquals(BackfillPacer.START_TARGET, pacer.target());
    assertEquals(Duration.ZERO, pacer.pause());
  }

  @Test
  void aBatchTheApplicationWaitedForHalvesTheTargetAndPausesFourTimesAsLongAsTheBatch() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    pacer.observe(12 * MS, 1);
    assertEquals(BackfillPacer.START_TARGET.dividedBy(2), pacer.target());
    assertEquals(Duration.ofMillis(48), pacer.pause());
    assertEquals(1, pacer.batchesWaitedFor());

    // The next batch nobody waited for: no pause, and the target grows one step.
    pacer.observe(5 * MS, 0);
    assertEquals(Duration.ZERO, pacer.pause());
    assertEquals(BackfillPacer.START_TARGET.dividedBy(2).plus(BackfillPacer.STEP), pacer.target());
  }

  @Test
  void waitsShrinkTheTargetDownToItsFloorOnly() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    for (int i = 0; i < 20; i++) {
      pacer.observe(3 * MS, 4);
    }
    assertEquals(BackfillPacer.MIN_TARGET, pacer.target());
    assertEquals(Duration.ofMillis(12), pacer.pause());
    assertEquals(20, pacer.batchesWaitedFor());
  }

  @Test
  void quietBatchesGrowTheTargetToTheCeilingWhileTheLastWaitIsRecent() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    // 20 batches of 10 ms: 200 ms without a wait, a fiftieth of which is under the ceiling.
    for (int i = 0; i < 20; i++) {
      pacer.observe(10 * MS, 0);
      assertEquals(Duration.ZERO, pacer.pause());
    }
    assertEquals(BackfillPacer.CEILING, pacer.ceiling());
    assertEquals(BackfillPacer.CEILING, pacer.target());
    assertEquals(0, pacer.batchesWaitedFor());
  }

  @Test
  void theCeilingRisesWithTheTimeNobodyWaitedUpToTheMaximum() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    // One second of quiet batches: the ceiling is a fiftieth of it, 20 ms, and the target
    // reaches it.
    for (int i = 0; i < 100; i++) {
      pacer.observe(10 * MS, 0);
    }
    assertEquals(Duration.ofMillis(1000 / BackfillPacer.QUIET_SHARE), pacer.ceiling());
    assertEquals(pacer.ceiling(), pacer.target());
    // Much longer without a wait: no higher than the maximum.
    for (int i = 0; i < 1000; i++) {
      pacer.observe(100 * MS, 0);
      assertTrue(pacer.target().compareTo(BackfillPacer.MAX_TARGET) <= 0);
    }
    assertEquals(BackfillPacer.MAX_TARGET, pacer.ceiling());
    assertEquals(BackfillPacer.MAX_TARGET, pacer.target());
  }

  @Test
  void aWaitAfterALongQuietDropsTheTargetBelowTheCeilingAtOnce() {
    BackfillPacer pacer = BackfillPacer.adaptive();
    for (int i = 0; i < 1000; i++) {
      pacer.observe(100 * MS, 0);
    }
    assertEquals(BackfillPacer.MAX_TARGET, pacer.target());
    // One wait: half the ceiling, not half the 100 ms target; the quiet time starts again.
    pacer.observe(100 * MS, 1);
    assertEquals(BackfillPacer.CEILING.dividedBy(2), pacer.target());
    assertEquals(BackfillPacer.CEILING, pacer.ceiling());
    assertEquals(Duration.ofMillis(100L * BackfillPacer.PAUSE_AFTER_WAIT), pacer.pause());
    pacer.observe(5 * MS, 0);
    assertEquals(Duration.ZERO, pacer.pause());
    assertEquals(BackfillPacer.CEILING.dividedBy(2).plus(BackfillPacer.STEP), pacer.target());
  }

  @Test
  void aFixedPacingKeepsItsTargetAndPauseWhateverItObserves() {
    BackfillPacer pacer = BackfillPacer.fixed(Duration.ofMillis(40), Duration.ofMillis(7));
    assertFalse(pacer.isAdaptive());
    pacer.observe(100 * MS, 3);
    assertEquals(Duration.ofMillis(40), pacer.target());
    assertEquals(Duration.ofMillis(7), pacer.pause());
    pacer.observe(1 * MS, 0);
    assertEquals(Duration.ofMillis(40), pacer.target());
    assertEquals(Duration.ofMillis(7), pacer.pause());
  }
}
