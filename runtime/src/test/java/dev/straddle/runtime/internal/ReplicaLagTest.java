package dev.straddle.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.straddle.runtime.internal.ReplicaLag.Standby;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which standby the backfill waits for, decided on fed-in rows of {@code pg_stat_replication}
 * (docs/ARCHITECTURE.md, "Replica lag"); the waiting itself is tested against a real standby
 * ({@code ReplicaLagBoundTest}).
 */
class ReplicaLagTest {

  static final Duration BOUND = Duration.ofSeconds(5);

  static Standby physical(String name, boolean behind, Long lagMillis) {
    return new Standby(
        name, "streaming", behind, lagMillis == null ? null : Duration.ofMillis(lagMillis), false);
  }

  @Test
  void theStandbyFurthestOverTheBoundIsWaitedFor() {
    Standby a = physical("a", true, 6_000L);
    Standby b = physical("b", true, 9_000L);
    Standby c = physical("c", true, 1_000L);
    assertEquals(b, ReplicaLag.over(List.of(a, b, c), BOUND));
    assertNull(ReplicaLag.over(List.of(c), BOUND));
    assertNull(ReplicaLag.over(List.of(physical("exactly", true, 5_000L)), BOUND));
    assertNull(ReplicaLag.over(List.of(), BOUND));
  }

  @Test
  void aStandbyThatReplayedEverythingIsCaughtUpWhateverItsLastLag() {
    // After an idle period replay_lag shows the time since the last write for one more report.
    assertNull(ReplicaLag.over(List.of(physical("idle", false, 12_000L)), BOUND));
  }

  @Test
  void noLagMeasuredYetIsNoWait() {
    assertNull(ReplicaLag.over(List.of(physical("new burst", true, null)), BOUND));
  }

  @Test
  void logicalAndHiddenWalsendersAreNotWaitedFor() {
    Standby logical = new Standby("subscriber", "streaming", true, Duration.ofMinutes(1), true);
    Standby hidden = new Standby("unseen", null, false, null, false);
    assertNull(ReplicaLag.over(List.of(logical, hidden), BOUND));
  }

  @Test
  void theLagIsReadAtMostEveryTenthOfTheBound() {
    assertEquals(Duration.ofMillis(500), ReplicaLag.readEvery(BOUND));
    assertEquals(Duration.ofSeconds(1), ReplicaLag.readEvery(Duration.ofMinutes(1)));
    assertEquals(Duration.ofMillis(10), ReplicaLag.readEvery(Duration.ofMillis(1)));
    assertEquals(Duration.ofMillis(50), ReplicaLag.pollEvery(Duration.ofMillis(1)));
  }
}
