package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.sql.Identifiers;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The builder of a {@link StraddleConfiguration} ({@link Straddle#configure}, as Flyway's {@code
 * Flyway.configure()}): every option but the connection has its default (the {@code DEFAULT_*}
 * constants of {@link StraddleConfiguration}), and each setter refuses an invalid value at once
 * ({@link IllegalArgumentException}).
 */
public final class FluentConfiguration {
  // Package-private: read by the StraddleConfiguration this builds.
  final MigrationPlan plan;
  DataSource dataSource;
  String historySchema = StraddleConfiguration.DEFAULT_HISTORY_SCHEMA;
  Duration lockTimeout = StraddleConfiguration.DEFAULT_LOCK_TIMEOUT;
  Duration retryBudget = StraddleConfiguration.DEFAULT_RETRY_BUDGET;
  Duration runLockWait = StraddleConfiguration.DEFAULT_RUN_LOCK_WAIT;
  Duration batchTarget = StraddleConfiguration.DEFAULT_BATCH_TARGET;
  int minBatch = StraddleConfiguration.DEFAULT_MIN_BATCH;
  int maxBatch = StraddleConfiguration.DEFAULT_MAX_BATCH;
  Duration batchPause = StraddleConfiguration.DEFAULT_BATCH_PAUSE;
  boolean pacingConfigured;
  int backfillWorkers = StraddleConfiguration.DEFAULT_BACKFILL_WORKERS;
  Duration maxReplicaLag = StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG;
  Duration progressEvery = StraddleConfiguration.DEFAULT_PROGRESS_EVERY;
  StraddleListener listener;
  Duration heartbeatEvery = StraddleConfiguration.DEFAULT_HEARTBEAT_EVERY;
  Duration expireAfter = StraddleConfiguration.DEFAULT_EXPIRE_AFTER;
  String application = System.getProperty("straddle.application");
  String host;
  boolean shutdownHook = true;

  FluentConfiguration(MigrationPlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /**
   * Where to connect. A changing command uses one connection for the whole run: its session holds
   * the run lock and makes every change. Registrations and the startup guard borrow connections
   * from it too.
   */
  public FluentConfiguration dataSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    return this;
  }

  /** Connects with the PostgreSQL driver; {@code user}/{@code password} may be null. */
  public FluentConfiguration url(String jdbcUrl, String user, String password) {
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
  public FluentConfiguration historySchema(String schema) {
    String problem = schema == null ? "no schema given" : Identifiers.problem(schema);
    if (problem != null) {
      throw new IllegalArgumentException("history schema '" + schema + "': " + problem);
    }
    this.historySchema = schema;
    return this;
  }

  /**
   * {@code lock_timeout} of each DDL transaction and backfill batch (default 500 ms): the longest
   * the application's statements queue behind one attempt of the runner. The runner then pauses at
   * least as long before its next attempt. At least 1 ms and at most {@link
   * StraddleConfiguration#MAX_LOCK_TIMEOUT}; zero is refused, since PostgreSQL reads {@code
   * lock_timeout = 0} as no timeout at all.
   *
   * @throws IllegalArgumentException when outside those bounds
   */
  public FluentConfiguration lockTimeout(Duration lockTimeout) {
    if (lockTimeout == null || lockTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "lock timeout "
              + (lockTimeout == null ? "null" : lockTimeout.toMillis() + " ms")
              + ": it must be at least 1 ms (PostgreSQL reads lock_timeout = 0 as no timeout,"
              + " which would let the application queue behind the runner without bound)");
    }
    if (lockTimeout.compareTo(StraddleConfiguration.MAX_LOCK_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "lock timeout "
              + lockTimeout.toMillis()
              + " ms: it must be at most "
              + StraddleConfiguration.MAX_LOCK_TIMEOUT.toSeconds()
              + " s, since the application's statements may wait that long behind each"
              + " attempt of the runner; wait longer for a lock with a larger retry budget");
    }
    this.lockTimeout = lockTimeout;
    return this;
  }

  /** Total time one phase may spend on lock-timeout retries before failing (default 5 min). */
  public FluentConfiguration retryBudget(Duration retryBudget) {
    this.retryBudget = notNegative("retry budget", retryBudget);
    return this;
  }

  /** How long to wait for another runner's run lock before refusing (default 1 min). */
  public FluentConfiguration runLockWait(Duration runLockWait) {
    this.runLockWait = notNegative("run lock wait", runLockWait);
    return this;
  }

  /**
   * A fixed duration backfill batches are sized toward, instead of the adaptive default. A batch
   * holds the row locks of what it updated until it commits, and an application write to one of
   * those rows waits for it: short batches keep those waits short (BENCHMARKS.md, figure 2). By
   * default the target adapts between 1 and 10 ms to whether the application waited for the last
   * batch, and up to 100 ms while nobody waits ({@link StraddleConfiguration#adaptivePacing});
   * setting it (or {@link #batchPause}) turns that off, the pause then defaulting to none.
   */
  public FluentConfiguration batchTarget(Duration batchTarget) {
    this.batchTarget = notNegative("batch target", batchTarget);
    this.pacingConfigured = true;
    return this;
  }

  /** Bounds of the adaptive batch size, in rows (default 100..50,000). */
  public FluentConfiguration batchRows(int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("batch bounds " + min + ".." + max);
    }
    this.minBatch = min;
    this.maxBatch = max;
    return this;
  }

  /** The smallest batch, in rows (default 100); checked against the largest at build. */
  public FluentConfiguration minBatch(int min) {
    if (min < 1) {
      throw new IllegalArgumentException("batch bounds " + min + ".." + maxBatch);
    }
    this.minBatch = min;
    return this;
  }

  /** The largest batch, in rows (default 50,000); checked against the smallest at build. */
  public FluentConfiguration maxBatch(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("batch bounds " + minBatch + ".." + max);
    }
    this.maxBatch = max;
    return this;
  }

  /**
   * A fixed pause after each backfill batch, instead of the adaptive default: a throttle that
   * leaves CPU and I/O to the application, at the cost of a longer backfill (a pause equal to the
   * batch target halves its rate). Setting it (or {@link #batchTarget}) turns the adaptive pacing
   * off ({@link StraddleConfiguration#adaptivePacing}), the target then defaulting to 25 ms.
   */
  public FluentConfiguration batchPause(Duration batchPause) {
    if (batchPause == null || batchPause.isNegative()) {
      throw new IllegalArgumentException("negative batch pause " + batchPause);
    }
    this.batchPause = batchPause;
    this.pacingConfigured = true;
    return this;
  }

  /**
   * How many partitions of a partitioned table the backfill walks at once (default 1, at most
   * {@value StraddleConfiguration#MAX_BACKFILL_WORKERS}). Each worker takes a connection of its own
   * from the data source, besides the run's, and runs the same batches as one stream would (lock
   * timeout, writer head, {@code xmin} cutoff, pacing of its own), checkpointing its partition's
   * cursor; a plain table is always walked by one (docs/ARCHITECTURE.md, "Partition-parallel
   * backfill").
   */
  public FluentConfiguration backfillWorkers(int workers) {
    if (workers < 1 || workers > StraddleConfiguration.MAX_BACKFILL_WORKERS) {
      throw new IllegalArgumentException(
          "backfill workers must be 1 to "
              + StraddleConfiguration.MAX_BACKFILL_WORKERS
              + ": "
              + workers);
    }
    this.backfillWorkers = workers;
    return this;
  }

  /**
   * The replay lag of streaming standbys the backfill keeps to (default 5 s): between batches it
   * reads the standbys' lag from the primary ({@code pg_stat_replication}) and, while one replays
   * further behind, waits for it before the next batch. Logical replication's walsenders are not
   * waited for. Reading other roles' standbys needs {@code pg_monitor} (or {@code
   * pg_read_all_stats}); without it, or without standbys, the backfill does not wait (the log says
   * so once). {@link Duration#ZERO} turns the bound off (docs/ARCHITECTURE.md, "Replica lag").
   */
  public FluentConfiguration maxReplicaLag(Duration maxReplicaLag) {
    if (maxReplicaLag == null) {
      throw new IllegalArgumentException(
          "no replica lag bound given (Duration.ZERO turns the bound off)");
    }
    if (maxReplicaLag.isNegative()) {
      throw new IllegalArgumentException(
          "negative replica lag bound " + maxReplicaLag + " (zero turns the bound off)");
    }
    this.maxReplicaLag = maxReplicaLag;
    return this;
  }

  /** Minimum interval between backfill progress log lines (default 5 s). */
  public FluentConfiguration progressEvery(Duration progressEvery) {
    this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
    return this;
  }

  /** Callbacks from a run (default none). */
  public FluentConfiguration listener(StraddleListener listener) {
    this.listener = listener;
    return this;
  }

  /** Interval between a registered instance's heartbeats (default 10 s). */
  public FluentConfiguration heartbeatEvery(Duration every) {
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
  public FluentConfiguration expireAfter(Duration expiry) {
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
  public FluentConfiguration application(String application) {
    this.application = application;
    return this;
  }

  /** The host name a registration shows in status and refusals (default: the local host name). */
  public FluentConfiguration host(String host) {
    this.host = host;
    return this;
  }

  /** Whether a JVM shutdown hook deregisters a registration (default true). */
  public FluentConfiguration shutdownHook(boolean shutdownHook) {
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
