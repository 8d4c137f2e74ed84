package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The builder refuses backfill options out of range, each with a message naming the option and the
 * value (docs/ARCHITECTURE.md, "Partition-parallel backfill" and "Replica lag").
 */
class BackfillOptionsTest {

  private final FluentConfiguration builder = Straddle.configure(TestPlans.plan());

  @Test
  void backfillWorkersOutsideOneTo64AreRefused() {
    assertEquals(
        "backfill workers must be 1 to 64: 0",
        assertThrows(IllegalArgumentException.class, () -> builder.backfillWorkers(0))
            .getMessage());
    assertEquals(
        "backfill workers must be 1 to 64: 65",
        assertThrows(IllegalArgumentException.class, () -> builder.backfillWorkers(65))
            .getMessage());
  }

  @Test
  void aNegativeOrMissingReplicaLagBoundIsRefused() {
    assertEquals(
        "negative replica lag bound PT-1S (zero turns the bound off)",
        assertThrows(
                IllegalArgumentException.class, () -> builder.maxReplicaLag(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "no replica lag bound given (Duration.ZERO turns the bound off)",
        assertThrows(IllegalArgumentException.class, () -> builder.maxReplicaLag(null))
            .getMessage());
  }

  @Test
  void zeroTurnsTheReplicaLagBoundOff() {
    assertEquals(
        Duration.ZERO,
        builder
            .url("jdbc:postgresql://127.0.0.1:1/unused", "nobody", "")
            .maxReplicaLag(Duration.ZERO)
            .build()
            .maxReplicaLag());
  }
}
