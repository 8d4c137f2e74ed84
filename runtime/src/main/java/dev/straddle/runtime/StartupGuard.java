package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.runtime.internal.Inspector;
import dev.straddle.runtime.internal.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
 * StartupGuard.check(dataSource, new StraddlePlan());            // FAIL, schema "straddle"
 * StartupGuard.of(new StraddlePlan()).mode(StartupGuard.Mode.WARN).historySchema("ops").check(ds);
 * }</pre>
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
  public record Result(Status status, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    /** Whether the build may run against the database. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final MigrationPlan plan;
  private String historySchema = Straddle.DEFAULT_SCHEMA;
  private Mode mode = Mode.FAIL;
  private String command;

  private StartupGuard(MigrationPlan plan) {
    this.plan = Objects.requireNonNull(plan);
    String simple = plan.getClass().getSimpleName();
    this.command = simple.isEmpty() ? Status.DEFAULT_COMMAND : simple;
  }

  /** A guard for {@code plan}: mode FAIL, history schema {@code straddle}. */
  public static StartupGuard of(MigrationPlan plan) {
    return new StartupGuard(plan);
  }

  /** Checks with mode FAIL and the default history schema; throws outside the window. */
  public static Result check(DataSource dataSource, MigrationPlan plan) {
    return of(plan).check(dataSource);
  }

  public StartupGuard historySchema(String schema) {
    String problem = Identifiers.problem(schema);
    if (problem != null) {
      throw new IllegalArgumentException("history schema '" + schema + "': " + problem);
    }
    this.historySchema = schema;
    return this;
  }

  public StartupGuard mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode);
    return this;
  }

  /** The command named in fixes (default: the plan class's simple name). */
  public StartupGuard command(String command) {
    this.command = Objects.requireNonNull(command);
    return this;
  }

  public MigrationPlan plan() {
    return plan;
  }

  public Mode mode() {
    return mode;
  }

  /** Checks on a connection of its own from {@code dataSource}. */
  public Result check(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return check(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Checks on {@code connection} (left open, read-only work only). */
  public Result check(Connection connection) {
    Status status;
    try {
      status =
          new Inspector(
                  plan,
                  new Settings(
                      historySchema,
                      Straddle.DEFAULT_LOCK_TIMEOUT,
                      Duration.ZERO,
                      Duration.ZERO,
                      Duration.ofMillis(25),
                      1,
                      1,
                      Duration.ZERO,
                      Duration.ofSeconds(5),
                      null))
              .status(connection);
    } catch (SQLException e) {
      throw failure(e);
    }
    return judge(status);
  }

  Result judge(Status status) {
    List<String> problems = new ArrayList<>(status.outsideWindow(command));
    for (MigrationState m : status.migrations()) {
      if (m.known() && m.phase() != Phase.PENDING && !m.checksumMatches()) {
        problems.add(
            "migration "
                + m.id()
                + " ("
                + m.description()
                + ") was changed after it was applied: the database ran another declaration"
                + " than this build's; run `"
                + command
                + " verify` and restore it");
      }
    }
    Result result = new Result(status, problems);
    if (result.ok()) {
      LOG.debug("startup guard: head {} is inside its compatibility window", status.head());
      return result;
    }
    String message =
        "this build (head "
            + status.head()
            + ") is outside its compatibility window in this database:\n  - "
            + String.join("\n  - ", problems);
    if (mode == Mode.FAIL) {
      throw StraddleException.refused("refusing to start: " + message);
    }
    LOG.warn("starting anyway (startup guard mode WARN): {}", message);
    return result;
  }

  private static StraddleException failure(SQLException e) {
    return new StraddleException(
        StraddleException.Kind.FAILED,
        "startup guard could not read the history: " + e.getMessage(),
        null,
        null,
        null,
        e);
  }
}
