package dev.straddle.runtime;

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
}
