package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.StartupGuard;
import dev.straddle.runtime.StraddleConfiguration;
import dev.straddle.runtime.WriterHead;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code straddle.*} properties. Every default is the runtime's ({@code DEFAULT_*} of {@link
 * StraddleConfiguration}); they map onto {@code Straddle.configure(plan)}, whose setters validate
 * them (an invalid value fails the start with the runtime's message).
 */
@ConfigurationProperties(prefix = "straddle")
public class StraddleProperties {

  /** What the application runs when it starts, before the startup guard. */
  public enum RunAtStart {
    /** Nothing: a deploy step runs the migrations (the CLI, or another job). */
    NONE,
    /** Expand and backfill what is pending ({@code Straddle.expand()}). */
    EXPAND,
    /**
     * The deploy step ({@code Straddle.migrate()}): contract what no live registered instance still
     * needs, then expand and backfill what is pending.
     */
    MIGRATE
  }

  /** Whether Straddle is configured at all. */
  private boolean enabled = true;

  /**
   * The generated plan class (the processor's {@code -Astraddle.planClass}), e.g.
   * com.example.StraddlePlan. Not needed when the application defines a MigrationPlan bean.
   */
  private String planClass;

  /** Schema of straddle_history, straddle_instances and the other own tables. */
  private String historySchema = StraddleConfiguration.DEFAULT_HISTORY_SCHEMA;

  /** What to run at start, before the startup guard: none, expand or migrate. */
  private RunAtStart runAtStart = RunAtStart.NONE;

  /**
   * The startup guard's mode: FAIL (outside the compatibility window the context fails to start) or
   * WARN (log and start anyway).
   */
  private StartupGuard.Mode startupGuard = StartupGuard.Mode.FAIL;

  /**
   * How the application's connections say the build's head: TRANSACTION (at the start of every
   * transaction; correct behind connection poolers) or SESSION (once per physical connection;
   * direct connections and session pooling only).
   */
  private WriterHead.Mode writerHead = WriterHead.Mode.TRANSACTION;

  /**
   * Whether the application's DataSource beans are wrapped so their connections say the head and
   * set pgjdbc's autosave=conservative (the runtime's StraddleDataSource).
   */
  private boolean wrapDataSource = true;

  /**
   * lock_timeout of each DDL transaction and backfill batch: the longest the application's
   * statements queue behind one attempt of the runner (at least 1 ms, at most 1 min).
   */
  private Duration lockTimeout = StraddleConfiguration.DEFAULT_LOCK_TIMEOUT;

  /** Total time one phase may spend on lock-timeout retries before failing. */
  private Duration retryBudget = StraddleConfiguration.DEFAULT_RETRY_BUDGET;

  /** How long to wait for another runner's run lock before refusing. */
  private Duration runLockWait = StraddleConfiguration.DEFAULT_RUN_LOCK_WAIT;

  /**
   * The streaming standbys' replay lag the backfill keeps to: between batches it waits while a
   * standby replays further behind (read from pg_stat_replication; other roles' standbys need
   * pg_monitor). 0 turns the bound off.
   */
  private Duration maxReplicaLag = StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG;

  /** Minimum interval between backfill progress log lines. */
  private Duration progressEvery = StraddleConfiguration.DEFAULT_PROGRESS_EVERY;

  /**
   * How many partitions of a partitioned table the backfill walks at once, each on a connection of
   * its own from the data source (1: one stream).
   */
  private int backfillWorkers = StraddleConfiguration.DEFAULT_BACKFILL_WORKERS;

  private final Batch batch = new Batch();

  private final Registry registry = new Registry();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPlanClass() {
    return planClass;
  }

  public void setPlanClass(String planClass) {
    this.planClass = planClass;
  }

  public String getHistorySchema() {
    return historySchema;
  }

  public void setHistorySchema(String historySchema) {
    this.historySchema = historySchema;
  }

  public RunAtStart getRunAtStart() {
    return runAtStart;
  }

  public void setRunAtStart(RunAtStart runAtStart) {
    this.runAtStart = runAtStart;
  }

  public StartupGuard.Mode getStartupGuard() {
    return startupGuard;
  }

  public void setStartupGuard(StartupGuard.Mode startupGuard) {
    this.startupGuard = startupGuard;
  }

  public WriterHead.Mode getWriterHead() {
    return writerHead;
  }

  public void setWriterHead(WriterHead.Mode writerHead) {
    this.writerHead = writerHead;
  }

  public boolean isWrapDataSource() {
    return wrapDataSource;
  }

  public void setWrapDataSource(boolean wrapDataSource) {
    this.wrapDataSource = wrapDataSource;
  }

  public Duration getLockTimeout() {
    return lockTimeout;
  }

  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  public Duration getRetryBudget() {
    return retryBudget;
  }

  public void setRetryBudget(Duration retryBudget) {
    this.retryBudget = retryBudget;
  }

  public Duration getRunLockWait() {
    return runLockWait;
  }

  public void setRunLockWait(Duration runLockWait) {
    this.runLockWait = runLockWait;
  }

  public Duration getMaxReplicaLag() {
    return maxReplicaLag;
  }

  public void setMaxReplicaLag(Duration maxReplicaLag) {
    this.maxReplicaLag = maxReplicaLag;
  }

  public Duration getProgressEvery() {
    return progressEvery;
  }

  public void setProgressEvery(Duration progressEvery) {
    this.progressEvery = progressEvery;
  }

  public int getBackfillWorkers() {
    return backfillWorkers;
  }

  public void setBackfillWorkers(int backfillWorkers) {
    this.backfillWorkers = backfillWorkers;
  }

  public Batch getBatch() {
    return batch;
  }

  public Registry getRegistry() {
    return registry;
  }

  /** The backfill's batches. */
  public static class Batch {

    /**
     * The duration backfill batches are sized toward. Unset (with {@code pause} unset too), the
     * backfill paces itself to the application's waits; either one set fixes both.
     */
    private Duration target;

    /** The smallest batch, in rows. */
    private int minRows = StraddleConfiguration.DEFAULT_MIN_BATCH;

    /** The largest batch, in rows. */
    private int maxRows = StraddleConfiguration.DEFAULT_MAX_BATCH;

    /** A pause after each batch (a throttle). Unset: see {@code target}. */
    private Duration pause;

    public Duration getTarget() {
      return target;
    }

    public void setTarget(Duration target) {
      this.target = target;
    }

    public int getMinRows() {
      return minRows;
    }

    public void setMinRows(int minRows) {
      this.minRows = minRows;
    }

    public int getMaxRows() {
      return maxRows;
    }

    public void setMaxRows(int maxRows) {
      this.maxRows = maxRows;
    }

    public Duration getPause() {
      return pause;
    }

    public void setPause(Duration pause) {
      this.pause = pause;
    }
  }

  /** The instance registry (straddle_instances). */
  public static class Registry {

    /**
     * Whether this instance registers (with its head) while the context runs: the contract guard
     * then never drops what it uses. Off: the startup guard runs unregistered.
     */
    private boolean enabled = true;

    /** The application name the registration shows (default: spring.application.name). */
    private String application;

    /** Interval between heartbeats. */
    private Duration heartbeat = StraddleConfiguration.DEFAULT_HEARTBEAT_EVERY;

    /** How long after its last heartbeat the instance counts as gone; above the heartbeat. */
    private Duration expiry = StraddleConfiguration.DEFAULT_EXPIRE_AFTER;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getApplication() {
      return application;
    }

    public void setApplication(String application) {
      this.application = application;
    }

    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }

    public Duration getExpiry() {
      return expiry;
    }

    public void setExpiry(Duration expiry) {
      this.expiry = expiry;
    }
  }
}
