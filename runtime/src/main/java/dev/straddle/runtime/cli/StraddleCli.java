package dev.straddle.runtime.cli;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Status;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line of a generated plan: {@code java -cp app.jar <Plan> <command> --url ...}. The
 * generated plan's {@code main} calls {@link #main(MigrationPlan, String[])}. This class's own
 * {@link #main(String[])} runs only {@code baseline}, which needs no plan.
 *
 * <p>Exit codes (stable): {@value #OK} done; {@value #FAILED} a statement failed while applying;
 * {@value #USAGE} usage error; {@value #REFUSED} refused before changing anything (checksum, drift,
 * unknown migration, run lock not obtained, contract refused by the contract guard or without a
 * registry or {@code --previous-release-gone}, rollback refused by the rollback guard, for a
 * contracted migration or one this build cannot undo); {@value #STOPPED} {@code contract} stopped
 * before a migration that is not backfilled. Output lines on stdout are {@code key=value} records;
 * errors go to stderr.
 *
 * <p>The commands, their usage and their handlers are one table, {@link CliCommand}; the options,
 * their usage and the configuration setter each maps onto, another, {@link CliOption}. The usage
 * text and the dispatch are generated from them.
 */
public final class StraddleCli {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;

  /**
   * {@code contract} stopped before a migration that is not backfilled yet: it contracted what came
   * before (if anything) and did less than asked; run {@code backfill}, then {@code contract}.
   */
  public static final int STOPPED = 4;

  /**
   * The usage, from the tables of commands ({@link CliCommand}) and options ({@link CliOption}).
   */
  static final String USAGE_TEXT = usage();

  private static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("usage: java -cp <app.jar> <plan class> <command> [options]\n\n");
    out.append("commands:\n");
    for (CliCommand command : CliCommand.values()) {
      out.append(command.usage());
    }
    out.append("\noptions (environment variable in brackets):\n");
    for (CliOption option : CliOption.values()) {
      out.append(option.usage());
    }
    out.append(
        """

        durations: 500ms, 2s, 5m or milliseconds, above zero (--batch-pause,
                   --max-replica-lag: 0 for none)

        exit codes: 0 ok, 1 failed while applying, 2 usage error, 3 refused (nothing changed),
                    4 contract stopped before a migration that is not backfilled
        """);
    return out.toString();
  }

  private StraddleCli() {}

  /**
   * Without a plan class: only {@code baseline}, which reads the database and needs no migration (a
   * team adopting Straddle has none yet): {@code java -cp <runtime and driver jars>
   * dev.straddle.runtime.cli.StraddleCli baseline --url ...}.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /** {@link #main(String[])} returning its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(NO_PLAN, args, out, err, env);
  }

  /** The plan of {@link #main(String[])}: no migration. */
  private static final MigrationPlan NO_PLAN =
      new MigrationPlan() {
        @Override
        public int head() {
          return 0;
        }

        @Override
        public List<dev.straddle.plan.PlannedMigration> migrations() {
          return List.of();
        }

        @Override
        public List<dev.straddle.plan.SchemaExpectation> baseline() {
          return List.of();
        }
      };

  /** Runs one command and exits the JVM with its exit code. */
  public static void main(MigrationPlan plan, String[] args) {
    System.exit(run(plan, args, System.out, System.err, System.getenv()));
  }

  /** Runs one command; returns its exit code instead of exiting (for tests and embedding). */
  public static int run(
      MigrationPlan plan,
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env) {
    CliArguments arguments;
    try {
      arguments = new CliArguments(args, env);
      if (arguments.flag("help")) {
        out.print(USAGE_TEXT);
        return OK;
      }
      if (arguments.command == null) {
        throw new CliArguments.UsageException("no command given");
      }
      CliCommand command = CliCommand.named(arguments.command);
      if (command == null) {
        throw new CliArguments.UsageException("unknown command '" + arguments.command + "'");
      }
      command.requireOwnOptions(arguments);
      if (plan == NO_PLAN && command != CliCommand.BASELINE) {
        throw new CliArguments.UsageException(
            "command "
                + command.name
                + " needs the plan of a build: java -cp <app.jar> <plan class> "
                + command.name
                + " (without a plan class only baseline runs)");
      }
      if (arguments.value("url") == null) {
        throw new CliArguments.UsageException("no database: give --url or STRADDLE_URL");
      }
      return command.run(
          new CliCommand.Invocation(command, plan, arguments, straddle(plan, arguments), out, err));
    } catch (CliArguments.UsageException | IllegalArgumentException e) {
      err.println("error kind=usage message=\"" + oneLine(e.getMessage()) + "\"");
      err.print(USAGE_TEXT);
      return USAGE;
    } catch (StraddleException e) {
      err.println(
          "error kind="
              + e.kind().name().toLowerCase(java.util.Locale.ROOT)
              + (e.migrationId() == null ? "" : " migration=" + e.migrationId())
              + (e.phase() == null ? "" : " phase=" + e.phase().text())
              + " id="
              + e.code().id());
      err.println(e.getMessage());
      return e.exitCode();
    }
  }

  private static Straddle straddle(MigrationPlan plan, CliArguments a) {
    FluentConfiguration builder =
        Straddle.configure(plan).url(a.value("url"), a.value("user"), a.value("password"));
    a.configure(builder);
    return builder.load();
  }

  /** Prints {@code status} (or, with {@code matrix}, its compatibility matrix); its exit code. */
  static int status(Status status, boolean matrix, PrintStream out) {
    if (matrix) {
      out.print(status.matrix());
      return status.problems().isEmpty() ? OK : REFUSED;
    }
    out.println(
        "straddle head="
            + status.head()
            + " inside_window="
            + status.insideWindow()
            + " live_heads="
            + join(status.liveHeads()));
    for (MigrationState m : status.migrations()) {
      out.println(
          "migration id="
              + m.id()
              + " phase="
              + m.phase().stored()
              + " known="
              + m.known()
              + " checksum="
              + (m.checksumMatches() ? "ok" : "mismatch")
              + " backfill_rows="
              + m.backfillRows()
              + " needed_by_heads="
              + join(status.neededBy(m))
              + " description=\""
              + oneLine(m.description())
              + "\"");
    }
    for (Instance i : status.instances()) {
      out.println(
          "instance id="
              + i.id()
              + " head="
              + i.head()
              + " host=\""
              + oneLine(i.host())
              + "\" pid="
              + i.pid()
              + " application=\""
              + oneLine(i.application())
              + "\" started="
              + i.startedAt()
              + " heartbeat="
              + i.heartbeatAt());
    }
    status.problems().forEach(p -> out.println(problem(p)));
    return status.problems().isEmpty() ? OK : REFUSED;
  }

  /** Prints the problems {@code verify} found; its exit code. */
  static int verify(List<Problem> problems, PrintStream out) {
    problems.forEach(p -> out.println(problem(p)));
    out.println("verify " + (problems.isEmpty() ? "ok" : "problems=" + problems.size()));
    return problems.isEmpty() ? OK : REFUSED;
  }

  /** Prints a changing command's result; its exit code. */
  static int result(RunResult result, PrintStream out, PrintStream err) {
    result.steps().forEach(step -> out.println(step(step)));
    result.notes().forEach(n -> out.println("note \"" + oneLine(n) + "\""));
    out.println(
        "ok command="
            + result.command()
            + " steps="
            + result.steps().size()
            + " lock_retries="
            + result.lockRetries()
            + " rows_backfilled="
            + result.rowsBackfilled()
            + (result.stoppedBeforeNotBackfilled()
                ? " stopped_before=" + result.stoppedBefore()
                : ""));
    if (result.stoppedBeforeNotBackfilled()) {
      err.println(
          "stopped before migration "
              + result.stoppedBefore()
              + ": not backfilled. The migrations before it are contracted; run backfill,"
              + " then contract again");
      return STOPPED;
    }
    return OK;
  }

  /**
   * {@code step migration=<id> phase=<phases>}; a forced contract or rollback adds the ids of the
   * live instances it overrode ({@code forced_over=}, as recorded in the history).
   */
  private static String step(RunResult.Step step) {
    String line = "step migration=" + step.migrationId() + " phase=" + step.kind().phases();
    boolean overrides =
        step.kind() == RunResult.Step.Kind.CONTRACTED
            || step.kind() == RunResult.Step.Kind.ROLLED_BACK;
    if (!overrides || step.instances().isEmpty()) {
      return line;
    }
    return line
        + " forced_over="
        + step.instances().stream().map(i -> i.id().toString()).collect(Collectors.joining(","));
  }

  /** {@code problem id=<id> "<text>"}. */
  private static String problem(Problem p) {
    return "problem id=" + p.code().id() + " \"" + oneLine(p.text()) + "\"";
  }

  private static String join(List<Integer> heads) {
    return heads.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
