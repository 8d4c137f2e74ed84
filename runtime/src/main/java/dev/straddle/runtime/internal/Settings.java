package dev.straddle.runtime.internal;

import dev.straddle.runtime.StraddleConfiguration;
import dev.straddle.runtime.StraddleListener;
import java.time.Duration;

/**
 * A run's options, derived from the one {@link StraddleConfiguration} ({@link #of}).
 *
 * @param historySchema schema of the {@code straddle_history} table
 * @param lockTimeout {@code lock_timeout} of every DDL statement and backfill batch
 * @param retryBudget total time a phase may spend waiting between lock-timeout retries
 * @param runLockWait how long a runner waits for another runner's advisory lock
 * @param batchTarget the duration backfill batches are sized toward
 * @param minBatch smallest batch, in rows
 * @param maxBatch largest batch, in rows
 * @param batchPause pause after each backfill batch (throttle; zero: none)
 * @param adaptivePacing whether the backfill paces itself ({@link BackfillPacer#adaptive}): neither
 *     a batch target nor a pause was configured
 * @param backfillWorkers partitions of a partitioned table backfilled at once ({@link
 *     PartitionWorkers})
 * @param progressEvery minimum interval between backfill progress log lines
 * @param listener callbacks from the run, or {@code null}
 * @param backoff the pause between lock-timeout retries ({@link Backoff#after} the lock timeout)
 * @param maxReplicaLag the standbys' replay lag the backfill waits for between batches ({@link
 *     ReplicaLag}); zero: no bound
 */
public record Settings(
    String historySchema,
    Duration lockTimeout,
    Duration retryBudget,
    Duration runLockWait,
    Duration batchTarget,
    int minBatch,
    int maxBatch,
    Duration batchPause,
    boolean adaptivePacing,
    int backfillWorkers,
    Duration progressEvery,
    StraddleListener listener,
    Backoff backoff,
    Duration maxReplicaLag) {

  /** The run's options of {@code configuration}, with the runner's backoff for its lock timeout. */
  public static Settings of(StraddleConfiguration configuration) {
    return new Settings(
        configuration.historySchema(),
        configuration.lockTimeout(),
        configuration.retryBudget(),
        configuration.runLockWait(),
        configuration.batchTarget(),
        configuration.minBatch(),
        configuration.maxBatch(),
        configuration.batchPause(),
        configuration.adaptivePacing(),
        configuration.backfillWorkers(),
        configuration.progressEvery(),
        configuration.listener(),
        Backoff.after(configuration.lockTimeout()),
        configuration.maxReplicaLag());
  }

  /** These settings with another backoff (for measuring old defaults). */
  public Settings withBackoff(Backoff backoff) {
    return new Settings(
        historySchema,
        lockTimeout,
        retryBudget,
        runLockWait,
        batchTarget,
        minBatch,
        maxBatch,
        batchPause,
        adaptivePacing,
        backfillWorkers,
        progressEvery,
        listener,
        backoff,
        maxReplicaLag);
  }
}
