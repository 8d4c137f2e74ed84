package dev.straddle.runtime;

import java.time.Duration;

/**
 * Optional callbacks from a run, for monitoring and tests. Called on the runner's thread; keep them
 * quick. An exception thrown from a callback aborts the run (as a failure).
 */
public interface StraddleListener {

  /** A statement hit the lock timeout; the runner waits {@code delayMillis} and retries. */
  default void lockRetry(
      int migrationId, String phase, String statement, int attempt, long delayMillis) {}

  /** A backfill batch committed. */
  default void batchDone(int migrationId, String table, long batchRows, long rowsDone) {}

  /**
   * A backfill batch committed, with the time its transaction took (from its first attempt to its
   * commit, lock-timeout retries included). The runner calls this one; by default it calls {@link
   * #batchDone(int, String, long, long)}.
   */
  default void batchDone(
      int migrationId, String table, long batchRows, long rowsDone, Duration took) {
    batchDone(migrationId, table, batchRows, rowsDone);
  }

  /**
   * How the backfill paces itself after a batch (docs/ARCHITECTURE.md, "Backfill pacing"): {@code
   * waiting} sessions were waiting for a lock the batch held just before it committed (always 0
   * with a configured batch target or pause, which are not adapted: the runner does not count them
   * then); the next batch is sized toward {@code nextTarget} and follows after {@code pause}.
   */
  default void batchPaced(
      int migrationId, String table, int waiting, Duration nextTarget, Duration pause) {}

  /**
   * The backfill waits for streaming standbys before its next batch (docs/ARCHITECTURE.md, "Replica
   * lag"): {@code standby} (its {@code application_name}) replays {@code lag} behind the primary,
   * above {@code bound}. Called once per wait; {@link #replicasCaughtUp} when it ends.
   */
  default void waitingForReplicas(
      int migrationId, String table, String standby, Duration lag, Duration bound) {}

  /** The standbys are back under the bound after the backfill waited {@code waited} for them. */
  default void replicasCaughtUp(int migrationId, String table, Duration waited) {}
}
