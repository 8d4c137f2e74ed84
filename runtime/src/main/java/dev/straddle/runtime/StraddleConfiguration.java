package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import java.net.InetAddress;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Every option of Straddle, with its default, validated once: the one configuration that the runner
 * ({@link Straddle}), the instance registry ({@link InstanceRegistry}, {@link Registration}) and
 * the startup guard ({@link StartupGuard}) are all obtained from, so they cannot disagree on the
 * history schema or anything else. Immutable; built fluently (as Flyway's {@code
 * Flyway.configure()}):
 *
 * <pre>{@code
 * Straddle straddle = Straddle.configure(new StraddlePlan())
 *     .dataSource(dataSource)
 *     .historySchema("ops")          // default "straddle"
 *     .application("jobs")
 *     .load();
 * Registration registration = straddle.start();   // register, then the startup guard
 * }</pre>
 *
 * <p>The command line maps its options onto the same builder (docs/RUNTIME.md, "Command line").
 */
public final class StraddleConfiguration {

  /** The default schema of the history table (and of the instances and builds tables). */
  public static final String DEFAULT_HISTORY_SCHEMA = "straddle";

  /**
   * The default {@code lock_timeout} of every DDL transaction and backfill batch: how long the
   * application's statements may queue behind one attempt of the runner (BENCHMARKS.md, section 4).
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(500);

  /**
   * The longest lock timeout accepted: the application may wait that long behind each attempt. Wait
   * longer for a lock with more attempts ({@link FluentConfiguration#retryBudget}), not with longer
   * ones.
   */
  public static final Duration MAX_LOCK_TIMEOUT = Duration.ofMinutes(1);

  /** Default total time one phase may spend on lock-timeout retries. */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(5);

  /** Default wait for another runner's run lock. */
  public static final Duration DEFAULT_RUN_LOCK_WAIT = Duration.ofMinutes(1);

  /**
   * The duration backfill batches are sized toward when a pause but no target is configured (the
   * fixed default before the adaptive pacing, docs/ARCHITECTURE.md, "Backfill pacing").
   */
  public static final Duration DEFAULT_BATCH_TARGET = Duration.ofMillis(25);

  /** Default smallest backfill batch, in rows. */
  public static final int DEFAULT_MIN_BATCH = 100;

  /** Default largest backfill batch, in rows. */
  public static final int DEFAULT_MAX_BATCH = 50_000;

  /** The pause after each backfill batch when a target but no pause is configured: none. */
  public static final Duration DEFAULT_BATCH_PAUSE = Duration.ZERO;

  /**
   * Default number of backfill workers: one stream, one batch at a time (docs/ARCHITECTURE.md,
   * "Partition-parallel backfill").
   */
  public static final int DEFAULT_BACKFILL_WORKERS = 1;

  /** The most backfill workers accepted (each takes a connection of its own). */
  public static final int MAX_BACKFILL_WORKERS = 64;

  /**
   * Default bound on the streaming standbys' replay lag: while a standby replays more than this
   * behind the primary, the backfill waits before its next batch (docs/ARCHITECTURE.md, "Replica
   * lag"). {@link Duration#ZERO} turns the bound off.
   */
  public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(5);

  /** Default minimum interval between backfill progress log lines. */
  public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(5);

  /** Default interval between a registered instance's heartbeats. */
  public static final Duration DEFAULT_HEARTBEAT_EVERY = Duration.ofSeconds(10);

  /** Default time after its last heartbeat at which a registered instance counts as gone. */
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofSeconds(60);

  private final MigrationPlan plan;
  private final DataSource dataSource;
  private final String historySchema;
  private final Duration lockTimeout;
  private final Duration retryBudget;
  private final Duration runLockWait;
  private final Duration batchTarget;
  private final int minBatch;
  private final int maxBatch;
  private final Duration batchPause;
  private final boolean adaptivePacing;
  private final int backfillWorkers;
  private final Duration maxReplicaLag;
  private final Duration progressEvery;
  private final StraddleListener listener;
  private final Duration heartbeatEvery;
  private final Duration expireAfter;
  private final String application;
  private final String host;
  private final boolean shutdownHook;

  StraddleConfiguration(FluentConfiguration b) {
    this.plan = b.plan;
    this.dataSource = b.dataSource;
    this.historySchema = b.historySchema;
    this.lockTimeout = b.lockTimeout;
    this.retryBudget = b.retryBudget;
    this.runLockWait = b.runLockWait;
    this.batchTarget = b.batchTarget;
    this.minBatch = b.minBatch;
    this.maxBatch = b.maxBatch;
    this.batchPause = b.batchPause;
    this.adaptivePacing = !b.pacingConfigured;
    this.backfillWorkers = b.backfillWorkers;
    this.maxReplicaLag = b.maxReplicaLag;
    this.progressEvery = b.progressEvery;
    this.listener = b.listener;
    this.heartbeatEvery = b.heartbeatEvery;
    this.expireAfter = b.expireAfter;
    this.application = b.application;
    this.host = b.host;
    this.shutdownHook = b.shutdownHook;
  }

  /** The runner of this configuration. */
  public Straddle load() {
    return new Straddle(this);
  }

  /** The build's plan: its migrations and head. */
  public MigrationPlan plan() {
    return plan;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Schema of {@code straddle_history}, {@code straddle_instances} and the other own tables. */
  public String historySchema() {
    return historySchema;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  public Duration retryBudget() {
    return retryBudget;
  }

  public Duration runLockWait() {
    return runLockWait;
  }

  public Duration batchTarget() {
    return batchTarget;
  }

  public int minBatch() {
    return minBatch;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public Duration batchPause() {
    return batchPause;
  }

  /**
   * Whether the backfill paces itself (the default): neither {@link
   * FluentConfiguration#batchTarget} nor {@link FluentConfiguration#batchPause} was set. Then
   * {@link #batchTarget} and {@link #batchPause} are not used: each batch's target adapts to
   * whether application sessions waited for the last one's row locks, and a batch they waited for
   * is followed by a pause four times as long as itself (docs/ARCHITECTURE.md, "Backfill pacing").
   */
  public boolean adaptivePacing() {
    return adaptivePacing;
  }

  /**
   * How many partitions of a partitioned table the backfill walks at once, each on a connection of
   * its own (default 1: one stream, as on a plain table, which is always walked by one).
   */
  public int backfillWorkers() {
    return backfillWorkers;
  }

  /**
   * The bound on the streaming standbys' replay lag the backfill keeps to, pausing between batches
   * while a standby is further behind (docs/ARCHITECTURE.md, "Replica lag"); zero: no bound.
   */
  public Duration maxReplicaLag() {
    return maxReplicaLag;
  }

  public Duration progressEvery() {
    return progressEvery;
  }

  /** Callbacks from a run, or {@code null}. */
  public StraddleListener listener() {
    return listener;
  }

  public Duration heartbeatEvery() {
    return heartbeatEvery;
  }

  public Duration expireAfter() {
    return expireAfter;
  }

  /** The application name a registration shows, or {@code null}. */
  public String application() {
    return application;
  }

  /** The host name a registration shows (default: the local host name). */
  public String host() {
    if (host != null) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }

  public boolean shutdownHook() {
    return shutdownHook;
  }
}
