package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.internal.Inspector;
import dev.straddle.runtime.internal.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup guard (docs/RUNTIME.md, "Startup guard"): checks, read-only, that the database is
 * inside this build's compatibility window — every migration {@code <= head} at least backfilled,
 * none {@code > head} contracted, no applied migration changed since — and otherwise refuses
 * ({@link Mode#FAIL}: throws {@link StraddleException} of kind REFUSED) or logs a warning ({@link
 * Mode#WARN}), naming the missing or premature phase of every migration at fault and the command
 * that fixes it.
 *
 * <pre>{@code
 * Registration registration = straddle.start();          // register, then this guard (FAIL)
 * straddle.instanceRegistry().register().checkStartup(StartupGuard.Mode.WARN);
 * }</pre>
 *
 * <p>A guard is obtained from a {@link Registration} (or, for an application that does not
 * register, {@link Straddle#unregisteredStartupGuard()}), with the history schema of the one {@link
 * StraddleConfiguration}: it cannot look in another schema than the registry and the runner, and it
 * cannot run before the application registered.
 *
 * <p>Works when the history table does not exist yet (every migration is pending). Takes no lock
 * and creates nothing.
 */
public final class StartupGuard {

  private static final Logger LOG = LoggerFactory.getLogger(StartupGuard.class);

  /** What to do outside the window. */
  public enum Mode {
    /** Throw {@link StraddleException} (kind REFUSED): the application should not start. */
    FAIL,
    /** Log a warning and let the application start. */
    WARN
  }

  /**
   * What the guard found.
   *
   * @param status where every migration stands
   * @param problems one line per migration at fault; empty inside the window
   */
  public record Result(Status status, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    /** Whether the build may run against the database. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final StraddleConfiguration configuration;
  private final Mode mode;
  private final String command;
  private final Runnable beforeCheck;

  StartupGuard(StraddleConfiguration configuration, Mode mode, Runnable beforeCheck) {
    this(configuration, mode, defaultCommand(configuration.plan()), beforeCheck);
  }

  private StartupGuard(
      StraddleConfiguration configuration, Mode mode, String command, Runnable beforeCheck) {
    this.configuration = configuration;
    this.mode = Objects.requireNonNull(mode);
    this.command = Objects.requireNonNull(command);
    this.beforeCheck = beforeCheck;
  }

  private static String defaultCommand(MigrationPlan plan) {
    String simple = plan.getClass().getSimpleName();
    return simple.isEmpty() ? Status.DEFAULT_COMMAND : simple;
  }

  /** This guard in {@code mode}. */
  public StartupGuard mode(Mode mode) {
    return new StartupGuard(configuration, mode, command, beforeCheck);
  }

  /** This guard naming {@code command} in fixes (default: the plan class's simple name). */
  public StartupGuard command(String command) {
    return new StartupGuard(configuration, mode, command, beforeCheck);
  }

  public MigrationPlan plan() {
    return configuration.plan();
  }

  public Mode mode() {
    return mode;
  }

  /** The history schema it reads: the configuration's. */
  public String historySchema() {
    return configuration.historySchema();
  }

  /** Checks on a connection of its own from the configuration's DataSource. */
  public Result check() {
    return check(configuration.dataSource());
  }

  /** Checks on a connection of its own from {@code dataSource}. */
  private Result check(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return check(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Checks on {@code connection} (left open, read-only work only). */
  Result check(Connection connection) {
    beforeCheck.run();
    Status status;
    try {
      status = new Inspector(configuration.plan(), Settings.of(configuration)).status(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
    return judge(status);
  }

  Result judge(Status status) {
    List<Problem> problems = new ArrayList<>(status.outsideWindow(command));
    for (MigrationState m : status.migrations()) {
      if (m.known() && m.phase() != Phase.PENDING && !m.checksumMatches()) {
        problems.add(
            new Problem(
                ErrorCode.CHECKSUM_MISMATCH,
                "migration "
                    + m.id()
                    + " ("
                    + m.description()
                    + ") was changed after it was applied: the database ran another declaration"
                    + " than this build's; run `"
                    + command
                    + " verify` and restore it"));
      }
    }
    Result result = new Result(status, problems);
    if (result.ok()) {
      LOG.debug("startup guard: head {} is inside its compatibility window", status.head());
      return result;
    }
    StraddleException refusal =
        StraddleException.of(ErrorCode.OUTSIDE_WINDOW, status.head(), ErrorCode.list(problems));
    if (mode == Mode.FAIL) {
      throw refusal;
    }
    LOG.warn("starting anyway (startup guard mode WARN): {}", refusal.getMessage());
    return result;
  }

  private static StraddleException failure(SQLException e) {
    return StraddleException.causedBy(
        e, ErrorCode.DATABASE_ERROR, "startup guard could not read the history", e.getMessage());
  }
}
