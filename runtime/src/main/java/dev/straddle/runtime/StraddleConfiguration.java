package dev.straddle.runtime;

import dev.straddle.runtime.sql.Identifiers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

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
   * longer for a lock with more attempts ({@link Builder#retryBudget}), not with longer ones.
   */
  public static final Duration MAX_LOCK_TIMEOUT = Duration.ofMinutes(1);

  /** Default total time one phase may spend on lock-timeout retries. */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(5);

  /** Default wait for another runner's run lock. */
  public static final Duration DEFAULT_RUN_LOCK_WAIT = Duration.ofMinutes(1);

  /** Default duration backfill batches are sized toward. */
  public static final Duration DEFAULT_BATCH_TARGET = Duration.ofMillis(25);

  /** Default smallest backfill batch, in rows. */
  public static final int DEFAULT_MIN_BATCH = 100;

  /** Default largest backfill batch, in rows. */
  public static final int DEFAULT_MAX_BATCH = 50_000;

  /** Default pause after each backfill batch: none. */
  public static final Duration DEFAULT_BATCH_PAUSE = Duration.ZERO;

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
  private final Duration progressEvery;
  private final StraddleListener listener;
  private final Duration heartbeatEvery;
  private final Duration expireAfter;
  private final String application;
  private final String host;
  private final boolean shutdownHook;

  private StraddleConfiguration(Builder b) {
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
    this.progressEvery = b.progressEvery;
    this.listener = b.listener;
    this.heartbeatEvery = b.heartbeatEvery;
    this.expireAfter = b.expireAfter;
    this.application = b.application;
    this.host = b.host;
    this.shutdownHook = b.shutdownHook;
  }

  /**
   * A builder for {@code plan} with every option at its default (also {@link Straddle#configure}).
   */
  public static Builder builder(MigrationPlan plan) {
    return new Builder(plan);
  }

  /** A builder holding this configuration's options, to derive another one. */
  public Builder toBuilder() {
    return new Builder(this);
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

  /**
   * The options of a {@link StraddleConfiguration}; every one but the connection has a default, and
   * each setter refuses an invalid value at once ({@link IllegalArgumentException}).
   */
  public static final class Builder {
    private final MigrationPlan plan;
    private DataSource dataSource;
    private String historySchema = DEFAULT_HISTORY_SCHEMA;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Duration retryBudget = DEFAULT_RETRY_BUDGET;
    private Duration runLockWait = DEFAULT_RUN_LOCK_WAIT;
    private Duration batchTarget = DEFAULT_BATCH_TARGET;
    private int minBatch = DEFAULT_MIN_BATCH;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration batchPause = DEFAULT_BATCH_PAUSE;
    private Duration progressEvery = DEFAULT_PROGRESS_EVERY;
    private StraddleListener listener;
    private Duration heartbeatEvery = DEFAULT_HEARTBEAT_EVERY;
    private Duration expireAfter = DEFAULT_EXPIRE_AFTER;
    private String application = System.getProperty("straddle.application");
    private String host;
    private boolean shutdownHook = true;

    private Builder(MigrationPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
    }

    private Builder(StraddleConfiguration c) {
      this.plan = c.plan;
      this.dataSource = c.dataSource;
      this.historySchema = c.historySchema;
      this.lockTimeout = c.lockTimeout;
      this.retryBudget = c.retryBudget;
      this.runLockWait = c.runLockWait;
      this.batchTarget = c.batchTarget;
      this.minBatch = c.minBatch;
      this.maxBatch = c.maxBatch;
      this.batchPause = c.batchPause;
      this.progressEvery = c.progressEvery;
      this.listener = c.listener;
      this.heartbeatEvery = c.heartbeatEvery;
      this.expireAfter = c.expireAfter;
      this.application = c.application;
      this.host = c.host;
      this.shutdownHook = c.shutdownHook;
    }

    /**
     * Where to connect. A changing command uses one connection for the whole run: its session holds
     * the run lock and makes every change. Registrations and the startup guard borrow connections
     * from it too.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Connects with the PostgreSQL driver; {@code user}/{@code password} may be null. */
    public Builder url(String jdbcUrl, String user, String password) {
      PGSimpleDataSource simple = new PGSimpleDataSource();
      simple.setUrl(jdbcUrl);
      if (user != null) {
        simple.setUser(user);
      }
      if (password != null) {
        simple.setPassword(password);
      }
      this.dataSource = simple;
      return this;
    }

    /**
     * Schema of {@code straddle_history} and of the instances table (default {@value
     * StraddleConfiguration#DEFAULT_HISTORY_SCHEMA}): a lower-case PostgreSQL name.
     */
    public Builder historySchema(String schema) {
      String problem = schema == null ? "no schema given" : Identifiers.problem(schema);
      if (problem != null) {
        throw new IllegalArgumentException("history schema '" + schema + "': " + problem);
      }
      this.historySchema = schema;
      return this;
    }

    /**
     * {@code lock_timeout} of each DDL transaction and backfill batch (default 500 ms): the longest
     * the application's statements queue behind one attempt of the runner. The runner then pauses
     * at least as long before its next attempt. At least 1 ms and at most {@link
     * StraddleConfiguration#MAX_LOCK_TIMEOUT}; zero is refused, since PostgreSQL reads {@code
     * lock_timeout = 0} as no timeout at all.
     *
     * @throws IllegalArgumentException when outside those bounds
     */
    public Builder lockTimeout(Duration lockTimeout) {
      if (lockTimeout == null || lockTimeout.toMillis() < 1) {
        throw new IllegalArgumentException(
            "lock timeout "
                + (lockTimeout == null ? "null" : lockTimeout.toMillis() + " ms")
                + ": it must be at least 1 ms (PostgreSQL reads lock_timeout = 0 as no timeout,"
                + " which would let the application queue behind the runner without bound)");
      }
      if (lockTimeout.compareTo(MAX_LOCK_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "lock timeout "
                + lockTimeout.toMillis()
                + " ms: it must be at most "
                + MAX_LOCK_TIMEOUT.toSeconds()
                + " s, since the application's statements may wait that long behind each"
                + " attempt of the runner; wait longer for a lock with a larger retry budget");
      }
      this.lockTimeout = lockTimeout;
      return this;
    }

    /** Total time one phase may spend on lock-timeout retries before failing (default 5 min). */
    public Builder retryBudget(Duration retryBudget) {
      this.retryBudget = notNegative("retry budget", retryBudget);
      return this;
    }

    /** How long to wait for another runner's run lock before refusing (default 1 min). */
    public Builder runLockWait(Duration runLockWait) {
      this.runLockWait = notNegative("run lock wait", runLockWait);
      return this;
    }

    /**
     * The duration backfill batches are sized toward (default 25 ms). A batch holds the row locks
     * of what it updated until it commits, and an application write to one of those rows waits for
     * it: short batches keep those waits short (BENCHMARKS.md, figure 2).
     */
    public Builder batchTarget(Duration batchTarget) {
      this.batchTarget = notNegative("batch target", batchTarget);
      return this;
    }

    /** Bounds of the adaptive batch size, in rows (default 100..50,000). */
    public Builder batchRows(int min, int max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("batch bounds " + min + ".." + max);
      }
      this.minBatch = min;
      this.maxBatch = max;
      return this;
    }

    /** The smallest batch, in rows (default 100); checked against the largest at build. */
    public Builder minBatch(int min) {
      if (min < 1) {
        throw new IllegalArgumentException("batch bounds " + min + ".." + maxBatch);
      }
      this.minBatch = min;
      return this;
    }

    /** The largest batch, in rows (default 50,000); checked against the smallest at build. */
    public Builder maxBatch(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("batch bounds " + minBatch + ".." + max);
      }
      this.maxBatch = max;
      return this;
    }

    /**
     * A pause after each backfill batch (default none): a throttle that leaves CPU and I/O to the
     * application, at the cost of a longer backfill (a pause equal to the batch target halves its
     * rate).
     */
    public Builder batchPause(Duration batchPause) {
      if (batchPause == null || batchPause.isNegative()) {
        throw new IllegalArgumentException("negative batch pause " + batchPause);
      }
      this.batchPause = batchPause;
      return this;
    }

    /** Minimum interval between backfill progress log lines (default 5 s). */
    public Builder progressEvery(Duration progressEvery) {
      this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
      return this;
    }

    /** Callbacks from a run (default none). */
    public Builder listener(StraddleListener listener) {
      this.listener = listener;
      return this;
    }

    /** Interval between a registered instance's heartbeats (default 10 s). */
    public Builder heartbeatEvery(Duration every) {
      if (every == null || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("heartbeat interval must be positive: " + every);
      }
      this.heartbeatEvery = every;
      return this;
    }

    /**
     * How long after its last heartbeat a registered instance counts as gone (default 60 s). Stored
     * with the instance, so every runner judges it by the instance's own setting. Must exceed the
     * heartbeat interval (checked at build); several intervals is wise.
     */
    public Builder expireAfter(Duration expiry) {
      if (expiry == null || expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("expiry must be positive: " + expiry);
      }
      this.expireAfter = expiry;
      return this;
    }

    /**
     * The application name a registration shows in status and refusals (default: system property
     * {@code straddle.application}).
     */
    public Builder application(String application) {
      this.application = application;
      return this;
    }

    /** The host name a registration shows in status and refusals (default: the local host name). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Whether a JVM shutdown hook deregisters a registration (default true). */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * The immutable configuration.
     *
     * @throws IllegalStateException when no data source or URL was given
     * @throws IllegalArgumentException when options contradict each other (batch bounds, expiry not
     *     above the heartbeat interval)
     */
    public StraddleConfiguration build() {
      if (dataSource == null) {
        throw new IllegalStateException("no dataSource or url given");
      }
      if (maxBatch < minBatch) {
        throw new IllegalArgumentException("batch bounds " + minBatch + ".." + maxBatch);
      }
      if (expireAfter.compareTo(heartbeatEvery) <= 0) {
        throw new IllegalArgumentException(
            "expiry " + expireAfter + " must exceed the heartbeat interval " + heartbeatEvery);
      }
      return new StraddleConfiguration(this);
    }

    /** {@code build().load()}: the runner of this configuration. */
    public Straddle load() {
      return build().load();
    }

    private static Duration notNegative(String what, Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + value);
      }
      return value;
    }
  }
}
