package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.internal.Inspector;
import dev.straddle.runtime.internal.PlanPrinter;
import dev.straddle.runtime.internal.Runner;
import dev.straddle.runtime.internal.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies a {@link MigrationPlan} to a live PostgreSQL (13 or newer) while the application keeps
 * serving traffic. Build one with {@link #builder(MigrationPlan)}; every command is a method.
 *
 * <pre>{@code
 * Straddle straddle = Straddle.builder(new StraddlePlan()).dataSource(dataSource).build();
 * straddle.migrate(false);     // contract what no live instance needs, expand + backfill
 * // ... roll out the new release; its instances register (InstanceRegistry) ...
 * }</pre>
 *
 * <p>Applications check their window at start with {@link StartupGuard} and register with {@link
 * InstanceRegistry}; {@code contract} and {@code migrate} then never drop what a live instance of
 * older code still uses (the contract guard).
 *
 * <p>Changing commands take a session-level advisory lock for the whole run (a second runner waits
 * at most {@link Builder#runLockWait}), and throw {@link StraddleException} naming the migration,
 * phase and statement when they stop.
 */
public final class Straddle {

  /** The default schema of the history table. */
  public static final String DEFAULT_SCHEMA = "straddle";

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

  private final MigrationPlan plan;
  private final DataSource dataSource;
  private final Settings settings;

  private Straddle(MigrationPlan plan, DataSource dataSource, Settings settings) {
    this.plan = plan;
    this.dataSource = dataSource;
    this.settings = settings;
  }

  public static Builder builder(MigrationPlan plan) {
    return new Builder(plan);
  }

  public MigrationPlan migrationPlan() {
    return plan;
  }

  /** Where every migration stands; read-only, creates nothing. */
  public Status status() {
    return read(connection -> new Inspector(plan, settings).status(connection));
  }

  /**
   * The dry run: the SQL a {@link #migrate} with the same flag would run now, including the
   * composed sync functions. Read-only.
   */
  public String plan(boolean previousReleaseGone) {
    return read(
        connection -> new PlanPrinter(plan, settings).print(connection, previousReleaseGone));
  }

  /** Checksums, unknown migrations and declared-vs-live drift; empty when all is well. */
  public List<String> verify() {
    return read(connection -> new Inspector(plan, settings).verify(connection));
  }

  /**
   * Expands every pending migration in id order (DDL, sync-trigger rebuild, history), then, when
   * {@code backfill}, backfills every expanded migration.
   */
  public RunResult expand(boolean backfill) {
    return runner().expand(backfill);
  }

  /** Runs or resumes the backfill of every expanded migration, in id order. */
  public RunResult backfill() {
    return runner().backfill();
  }

  /**
   * Contracts, in id order, the backfilled migrations up to this build's head; see {@link
   * #contract(int, boolean, boolean)} (without force).
   */
  public RunResult contract(boolean previousReleaseGone) {
    return contract(plan.head(), previousReleaseGone);
  }

  /** As {@link #contract(boolean)}, for migrations up to {@code upTo}. */
  public RunResult contract(int upTo, boolean previousReleaseGone) {
    return runner().contract(upTo, previousReleaseGone, false);
  }

  /**
   * Contracts, in id order, the backfilled migrations up to {@code upTo} (at most the head: above
   * it, {@link IllegalArgumentException}), stopping before the first one that is not backfilled
   * ({@link RunResult#stoppedBefore()}). Allowed when applications register themselves ({@link
   * InstanceRegistry}), or when {@code previousReleaseGone} states no instance of older code is
   * left, or when {@code force}d. The contract guard refuses (REFUSED, naming the instances) while
   * a live registered instance with a head below one of these migrations exists; {@code force}
   * overrides it and the override is recorded in the history ({@code contract_forced}, {@code
   * contract_forced_over}).
   */
  public RunResult contract(int upTo, boolean previousReleaseGone, boolean force) {
    return runner().contract(upTo, previousReleaseGone, force);
  }

  /**
   * The deploy step, as {@link #migrate(boolean, boolean)} without force: with registered
   * instances, contracts what no live instance needs; then expands and backfills what is pending.
   */
  public RunResult migrate(boolean previousReleaseGone) {
    return runner().migrate(previousReleaseGone, false);
  }

  /**
   * The deploy step. First contracts what was backfilled before this run, never past the head of
   * the release this build replaces (the build that last ran here among the lower heads; when none
   * is recorded, nothing, and {@link RunResult#notes()} says why): when applications register and
   * no flag is given, exactly those no live instance needs (every live head is at least the
   * migration's id), stopping at the first one still needed; with {@code previousReleaseGone}, all
   * of them, refused while a live registered instance needs one. With {@code force}, everything
   * backfilled up to the head, the override recorded. Without registered instances and without a
   * flag, nothing is contracted. Then expands and backfills everything pending. Rerun, or run twice
   * at once, it never contracts what the replaced release uses.
   */
  public RunResult migrate(boolean previousReleaseGone, boolean force) {
    return runner().migrate(previousReleaseGone, force);
  }

  /**
   * The startup guard with this Straddle's history schema, mode FAIL: throws {@link
   * StraddleException} (REFUSED) unless the database is inside this build's compatibility window.
   */
  public StartupGuard.Result checkStartup() {
    return checkStartup(StartupGuard.Mode.FAIL);
  }

  /** The startup guard with this Straddle's history schema and {@code mode}. */
  public StartupGuard.Result checkStartup(StartupGuard.Mode mode) {
    return StartupGuard.of(plan)
        .historySchema(settings.historySchema())
        .mode(mode)
        .check(dataSource);
  }

  /** The compatibility matrix of the running system (see {@link Status#matrix()}). */
  public String matrix() {
    return status().matrix();
  }

  private Runner runner() {
    return new Runner(plan, dataSource, settings);
  }

  private interface Read<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Read<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StraddleException(
          StraddleException.Kind.FAILED, e.getMessage(), null, null, null, e);
    }
  }

  /** Options of a {@link Straddle}; every one has a default. */
  public static final class Builder {
    private final MigrationPlan plan;
    private DataSource dataSource;
    private String historySchema = DEFAULT_SCHEMA;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Duration retryBudget = Duration.ofMinutes(5);
    private Duration runLockWait = Duration.ofMinutes(1);
    private Duration batchTarget = Duration.ofMillis(25);
    private int minBatch = 100;
    private int maxBatch = 50_000;
    private Duration batchPause = Duration.ZERO;
    private Duration progressEvery = Duration.ofSeconds(5);
    private StraddleListener listener;

    private Builder(MigrationPlan plan) {
      this.plan = Objects.requireNonNull(plan);
    }

    /**
     * Where to connect. A changing command uses one connection for the whole run: its session holds
     * the run lock and makes every change.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
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

    /** Schema of {@code straddle_history} (default {@value Straddle#DEFAULT_SCHEMA}). */
    public Builder historySchema(String schema) {
      this.historySchema = schema;
      return this;
    }

    /**
     * {@code lock_timeout} of each DDL transaction and backfill batch (default 500 ms): the longest
     * the application's statements queue behind one attempt of the runner. The runner then pauses
     * at least as long before its next attempt. At least 1 ms and at most {@link
     * Straddle#MAX_LOCK_TIMEOUT}; zero is refused, since PostgreSQL reads {@code lock_timeout = 0}
     * as no timeout at all.
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
      this.retryBudget = retryBudget;
      return this;
    }

    /** How long to wait for another runner's run lock before refusing (default 1 min). */
    public Builder runLockWait(Duration runLockWait) {
      this.runLockWait = runLockWait;
      return this;
    }

    /**
     * The duration backfill batches are sized toward (default 25 ms). A batch holds the row locks
     * of what it updated until it commits, and an application write to one of those rows waits for
     * it: short batches keep those waits short (BENCHMARKS.md, figure 2).
     */
    public Builder batchTarget(Duration batchTarget) {
      this.batchTarget = batchTarget;
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

    /**
     * A pause after each backfill batch (default none): a throttle that leaves CPU and I/O to the
     * application, at the cost of a longer backfill (a pause equal to the batch target halves its
     * rate).
     */
    public Builder batchPause(Duration batchPause) {
      if (batchPause.isNegative()) {
        throw new IllegalArgumentException("negative batch pause " + batchPause);
      }
      this.batchPause = batchPause;
      return this;
    }

    /** Minimum interval between backfill progress log lines (default 5 s). */
    public Builder progressEvery(Duration progressEvery) {
      this.progressEvery = progressEvery;
      return this;
    }

    public Builder listener(StraddleListener listener) {
      this.listener = listener;
      return this;
    }

    public Straddle build() {
      if (dataSource == null) {
        throw new IllegalStateException("no dataSource or url given");
      }
      String problem = dev.straddle.plan.sql.Identifiers.problem(historySchema);
      if (problem != null) {
        throw new IllegalArgumentException("history schema '" + historySchema + "': " + problem);
      }
      return new Straddle(
          plan,
          dataSource,
          new Settings(
              historySchema,
              lockTimeout,
              retryBudget,
              runLockWait,
              batchTarget,
              minBatch,
              maxBatch,
              batchPause,
              progressEvery,
              listener));
    }
  }
}
