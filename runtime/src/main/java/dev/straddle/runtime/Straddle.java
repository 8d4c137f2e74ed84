package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.internal.Baseline;
import dev.straddle.runtime.internal.Inspector;
import dev.straddle.runtime.internal.PlanPrinter;
import dev.straddle.runtime.internal.Runner;
import dev.straddle.runtime.internal.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies a {@link MigrationPlan} to a live PostgreSQL (13 or newer) while the application keeps
 * serving traffic. Obtained from its one {@link StraddleConfiguration}: {@link #configure} returns
 * the builder, {@code load()} the runner; every command is a method.
 *
 * <pre>{@code
 * Straddle straddle = Straddle.configure(new StraddlePlan()).dataSource(dataSource).load();
 * straddle.migrate();          // contract what no live instance needs, expand + backfill
 * // ... roll out the new release; each instance, at start:
 * Registration registration = straddle.start();   // register, then the startup guard
 * }</pre>
 *
 * <p>Applications register ({@link #start()}, or {@link #instanceRegistry()}) before their startup
 * guard checks the window: the guard is reached through the {@link Registration}, so the order
 * cannot be the wrong one. {@code contract} and {@code migrate} then never drop what a live
 * instance of older code still uses (the contract guard). How far they may contract is a {@link
 * ContractPolicy}.
 *
 * <p>Changing commands take a session-level advisory lock for the whole run (a second runner waits
 * at most {@link StraddleConfiguration#runLockWait()}), and throw {@link StraddleException} naming
 * the migration, phase and statement when they stop.
 */
public final class Straddle {

  private final StraddleConfiguration configuration;
  private final MigrationPlan plan;
  private final Settings settings;
  private final AtomicBoolean guardedUnregistered = new AtomicBoolean();

  Straddle(StraddleConfiguration configuration) {
    this.configuration = configuration;
    this.plan = configuration.plan();
    this.settings = Settings.of(configuration);
  }

  /**
   * The builder of the one configuration for {@code plan}: every option with its default; {@code
   * load()} gives the {@link Straddle}, {@code build()} the {@link StraddleConfiguration}.
   */
  public static FluentConfiguration configure(MigrationPlan plan) {
    return new FluentConfiguration(plan);
  }

  /** The configuration this runner, its registry and its startup guard share. */
  public StraddleConfiguration configuration() {
    return configuration;
  }

  public MigrationPlan migrationPlan() {
    return plan;
  }

  /** Where every migration stands; read-only, creates nothing. */
  public Status status() {
    return read(connection -> new Inspector(plan, settings).status(connection));
  }

  /**
   * The dry run of {@link #migrate()}: as {@link #plan(ContractPolicy)} with the default policy.
   */
  public String plan() {
    return plan(ContractPolicy.REGISTERED_INSTANCES);
  }

  /**
   * The dry run: the SQL a {@link #migrate(ContractPolicy)} with the same policy would run now,
   * including the composed sync functions. Read-only.
   */
  public String plan(ContractPolicy policy) {
    return read(
        connection ->
            new PlanPrinter(plan, settings)
                .print(connection, policy.previousReleaseGone(), policy.force()));
  }

  /**
   * The dry run of {@link #rollbackTo(int, RollbackPolicy)}: what it would run now, from the same
   * plan the run executes, or why it would be refused. Reads; changes nothing.
   */
  public String planRollback(int to, RollbackPolicy policy) {
    return read(
        connection ->
            new PlanPrinter(plan, settings).printRollback(connection, to, policy.force()));
  }

  /**
   * The tables, indexes and enum types of {@code schemas} in the live database, as the Java source
   * of a baseline class ({@code @ExistingTable}, {@code @ExistingIndex}, {@code @ExistingEnum}) for
   * a team adopting Straddle on an existing schema; constraints the DSL declares no other way are
   * comments. Read-only; needs no migration of this plan.
   *
   * @throws IllegalArgumentException when a schema does not exist
   */
  public String baseline(List<String> schemas) {
    return read(connection -> new Baseline(connection).print(schemas));
  }

  /** Checksums, unknown migrations and declared-vs-live drift; empty when all is well. */
  public List<Problem> verify() {
    return read(connection -> new Inspector(plan, settings).verify(connection));
  }

  /**
   * Expands every pending migration in id order (DDL, sync-trigger rebuild, history), then
   * backfills every expanded migration: {@link #expand(Backfill)} with {@link Backfill#RUN}.
   */
  public RunResult expand() {
    return expand(Backfill.RUN);
  }

  /**
   * Expands every pending migration in id order (DDL, sync-trigger rebuild, history), then, with
   * {@link Backfill#RUN}, backfills every expanded migration; {@link Backfill#DEFER} leaves that to
   * {@link #backfill()}.
   */
  public RunResult expand(Backfill backfill) {
    return runner().expand(backfill == Backfill.RUN);
  }

  /** Runs or resumes the backfill of every expanded migration, in id order. */
  public RunResult backfill() {
    return runner().backfill();
  }

  /**
   * Contracts, in id order, the backfilled migrations up to this build's head, with the default
   * policy (the instance registry decides); see {@link #contractUpTo(int, ContractPolicy)}.
   */
  public RunResult contract() {
    return contract(ContractPolicy.REGISTERED_INSTANCES);
  }

  /** As {@link #contractUpTo(int, ContractPolicy)}, up to this build's head. */
  public RunResult contract(ContractPolicy policy) {
    return contractUpTo(plan.head(), policy);
  }

  /**
   * Contracts, in id order, the backfilled migrations up to migration {@code upTo} (at most the
   * head: above it, {@link IllegalArgumentException}), stopping before the first one that is not
   * backfilled ({@link RunResult#stoppedBefore()}). With {@link
   * ContractPolicy#REGISTERED_INSTANCES} it needs applications that register (refused otherwise);
   * {@link ContractPolicy#PREVIOUS_RELEASE_GONE} states no instance of older code is left. Either
   * way the contract guard refuses (REFUSED, naming the instances) while a live registered instance
   * with a head below one of these migrations exists; {@link ContractPolicy#FORCE} overrides it and
   * the override is recorded in the history ({@code contract_forced}, {@code
   * contract_forced_over}).
   */
  public RunResult contractUpTo(int upTo, ContractPolicy policy) {
    return runner().contract(upTo, policy.previousReleaseGone(), policy.force());
  }

  /**
   * The deploy step with the default policy: with registered instances, contracts what no live
   * instance needs; then expands and backfills what is pending. See {@link
   * #migrate(ContractPolicy)}.
   */
  public RunResult migrate() {
    return migrate(ContractPolicy.REGISTERED_INSTANCES);
  }

  /**
   * The deploy step. First contracts what was backfilled before this run, never past the head of
   * the release this build replaces (the build that last ran here among the lower heads; when none
   * is recorded, nothing, and {@link RunResult#notes()} says why): with {@link
   * ContractPolicy#REGISTERED_INSTANCES}, exactly those no live registered instance needs (every
   * live head is at least the migration's id), stopping at the first one still needed, and nothing
   * when no application registers; with {@link ContractPolicy#PREVIOUS_RELEASE_GONE}, all of them,
   * refused while a live registered instance needs one; with {@link ContractPolicy#FORCE},
   * everything backfilled up to the head, the override recorded. Then expands and backfills
   * everything pending. Rerun, or run twice at once, it never contracts what the replaced release
   * uses.
   */
  public RunResult migrate(ContractPolicy policy) {
    return runner().migrate(policy.previousReleaseGone(), policy.force());
  }

  /**
   * Rolls back this build's highest migration (its head) if it is expanded or backfilled, with the
   * rollback guard: {@link #rollbackTo(int, RollbackPolicy)} below the head, {@link
   * RollbackPolicy#GUARDED}. Run again, it does nothing.
   */
  public RunResult rollback() {
    return rollback(RollbackPolicy.GUARDED);
  }

  /** As {@link #rollback()}, with {@code policy}. */
  public RunResult rollback(RollbackPolicy policy) {
    return rollbackTo(defaultRollbackTo(), policy);
  }

  /**
   * Undoes, highest first, every migration above {@code to} ({@code 0} or above) that is expanded
   * or backfilled (docs/ARCHITECTURE.md, "Rollback"): its plan's rollback statements, then, in one
   * transaction per migration under the lock timeout, the sync triggers of its tables composed
   * again from the migrations still in flight and the history's record ({@code rolled_back_at},
   * {@code rolled_back_by}); the migration is pending again and its checksum no longer binds, so a
   * corrected declaration of it expands later. Refused (REFUSED, before anything changes) when one
   * of them is contracted ({@link ErrorCode#ROLLBACK_CONTRACTED}), when this build cannot undo one
   * ({@link ErrorCode#ROLLBACK_UNSUPPORTED}: no rollback in the plan, not declared by this build,
   * or applied with another declaration), and, with {@link RollbackPolicy#GUARDED}, while a live
   * registered instance has a head at or above one of them ({@link ErrorCode#ROLLBACK_NEEDED});
   * {@link RollbackPolicy#FORCE} overrides that and the history records it. Rerun after a stop, it
   * finishes; with nothing left above {@code to}, it does nothing.
   */
  public RunResult rollbackTo(int to, RollbackPolicy policy) {
    return runner().rollback(to, policy.force());
  }

  /** The {@code to} of a rollback of this build's highest migration only. */
  public int defaultRollbackTo() {
    return Math.max(0, plan.head() - 1);
  }

  /**
   * The instance registry of this configuration (its history schema, heartbeat and expiry, this
   * build's head).
   */
  public InstanceRegistry instanceRegistry() {
    return new InstanceRegistry(configuration, this::requireNotGuardedUnregistered);
  }

  /**
   * The application's start, in the one safe order: registers this instance ({@link
   * InstanceRegistry#register()}), then runs the startup guard in mode FAIL. Outside the window the
   * registration is closed again and the guard's {@link StraddleException} (REFUSED) is thrown.
   */
  public Registration start() {
    return start(StartupGuard.Mode.FAIL);
  }

  /** As {@link #start()}, the guard in {@code mode} (WARN: log and start anyway). */
  public Registration start(StartupGuard.Mode mode) {
    Registration registration = instanceRegistry().register();
    try {
      registration.startupGuard().mode(mode).check();
      return registration;
    } catch (RuntimeException e) {
      registration.close();
      throw e;
    }
  }

  /**
   * The startup guard for an application that does not register (the registry not in use; the
   * operator says {@code --previous-release-gone}), mode FAIL. Once it has checked, registering
   * through this {@link Straddle} is refused ({@link IllegalStateException}): an application that
   * registers must register first ({@link #start()}, or {@link Registration#checkStartup()}), since
   * a contract committed between its guard and its registration would be seen by neither.
   */
  public StartupGuard unregisteredStartupGuard() {
    return new StartupGuard(
        configuration, StartupGuard.Mode.FAIL, () -> guardedUnregistered.set(true));
  }

  private void requireNotGuardedUnregistered() {
    if (guardedUnregistered.get()) {
      throw new IllegalStateException(
          "register before the startup guard: this application already ran its guard without"
              + " registering (unregisteredStartupGuard), and a contract committed in between"
              + " would be seen neither by the guard nor by the contract guard. Register first:"
              + " Straddle.start(), or instanceRegistry().register() then"
              + " registration.checkStartup()");
    }
  }

  /** The compatibility matrix of the running system (see {@link Status#matrix()}). */
  public String matrix() {
    return status().matrix();
  }

  private Runner runner() {
    return new Runner(plan, configuration.dataSource(), settings);
  }

  private interface Read<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Read<T> work) {
    try (Connection connection = configuration.dataSource().getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e, ErrorCode.DATABASE_ERROR, "cannot read the database", e.getMessage());
    }
  }
}
