package dev.straddle.runtime.cli;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Status;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line of a generated plan: {@code java -cp app.jar <Plan> <command> --url ...}. The
 * generated plan's {@code main} calls {@link #main(MigrationPlan, String[])}.
 *
 * <p>Exit codes (stable): {@value #OK} done; {@value #FAILED} a statement failed while applying;
 * {@value #USAGE} usage error; {@value #REFUSED} refused before changing anything (checksum, drift,
 * unknown migration, run lock not obtained, contract refused by the contract guard or without a
 * registry or {@code --previous-release-gone}); {@value #STOPPED} {@code contract} stopped before a
 * migration that is not backfilled. Output lines on stdout are {@code key=value} records; errors go
 * to stderr.
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

  static final String USAGE_TEXT =
      """
      usage: java -cp <app.jar> <plan class> <command> [options]

      commands:
        status     where every migration stands, the live registered instances and which
                   of their heads still need each migration (read-only); --matrix prints
                   the compatibility matrix (migrations x live heads) instead
        plan       dry run: the SQL 'migrate' would run now, with the composed sync functions
        expand     expand every pending migration, then backfill (--no-backfill defers it)
        backfill   run or resume the backfill of every expanded migration, in id order
        contract   contract backfilled migrations up to --up-to (default: this build's head).
                   Refused while a live registered instance with a lower head needs one
                   (exit 3, naming them) unless --force. Without registered instances it
                   requires --previous-release-gone
        migrate    the one command per deploy: contract what no live registered instance
                   needs (with --previous-release-gone: everything backfilled, still
                   guarded), never past the head of the release this build replaces,
                   then expand and backfill everything pending
        verify     checksums, unknown migrations, declared-vs-live schema drift and
                   in-flight sync fragments that cannot run

      options (environment variable in brackets):
        --url jdbc:postgresql://host/db  [STRADDLE_URL]       required
        --user u                         [STRADDLE_USER]
        --password p                     [STRADDLE_PASSWORD]
        --schema s     history schema    [STRADDLE_SCHEMA]    default straddle
        --lock-timeout 500ms             lock_timeout of each DDL transaction and batch
        --retry-budget 5m                total wait on lock-timeout retries per phase
        --lock-wait 1m                   wait for another runner's run lock
        --batch-target 25ms              backfill batch duration target
        --batch-min 100 --batch-max 50000  backfill batch size bounds (rows)
        --batch-pause 0ms                pause after each backfill batch (throttle)
        --no-backfill                    expand only
        --previous-release-gone          contract: no instance of the previous release is
                                         left; migrate: none of a release older than
                                         the one this deploy replaces
        --force                          contract even though live instances need it
                                         (recorded in the history)
        --matrix                         status: print the compatibility matrix
        --up-to N                        contract only migrations <= N (1..head)

      durations: 500ms, 2s, 5m or milliseconds, above zero (--batch-pause: 0 for none)

      exit codes: 0 ok, 1 failed while applying, 2 usage error, 3 refused (nothing changed),
                  4 contract stopped before a migration that is not backfilled
      """;

  private StraddleCli() {}

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
      if (!List.of("status", "plan", "expand", "backfill", "contract", "migrate", "verify")
          .contains(arguments.command)) {
        throw new CliArguments.UsageException("unknown command '" + arguments.command + "'");
      }
      if (arguments.value("url") == null) {
        throw new CliArguments.UsageException("no database: give --url or STRADDLE_URL");
      }
      return execute(plan, arguments, straddle(plan, arguments), out, err);
    } catch (CliArguments.UsageException | IllegalArgumentException e) {
      err.println("error kind=usage message=\"" + oneLine(e.getMessage()) + "\"");
      err.print(USAGE_TEXT);
      return USAGE;
    } catch (StraddleException e) {
      err.println(
          "error kind="
              + e.kind().name().toLowerCase(java.util.Locale.ROOT)
              + (e.migrationId() == null ? "" : " migration=" + e.migrationId())
              + (e.phase() == null ? "" : " phase=" + e.phase()));
      err.println(e.getMessage());
      return e.kind() == StraddleException.Kind.REFUSED ? REFUSED : FAILED;
    }
  }

  private static Straddle straddle(MigrationPlan plan, CliArguments a) {
    Straddle.Builder builder =
        Straddle.builder(plan).url(a.value("url"), a.value("user"), a.value("password"));
    if (a.value("schema") != null) {
      builder.historySchema(a.value("schema"));
    }
    Duration d;
    if ((d = a.duration("lock-timeout")) != null) {
      builder.lockTimeout(d);
    }
    if ((d = a.duration("retry-budget")) != null) {
      builder.retryBudget(d);
    }
    if ((d = a.duration("lock-wait")) != null) {
      builder.runLockWait(d);
    }
    if ((d = a.duration("batch-target")) != null) {
      builder.batchTarget(d);
    }
    if ((d = a.duration("batch-pause")) != null) {
      builder.batchPause(d);
    }
    Integer min = a.integer("batch-min");
    Integer max = a.integer("batch-max");
    if (min != null || max != null) {
      builder.batchRows(min == null ? 100 : min, max == null ? 50_000 : max);
    }
    return builder.build();
  }

  private static int execute(
      MigrationPlan plan, CliArguments a, Straddle straddle, PrintStream out, PrintStream err) {
    boolean gone = a.flag("previous-release-gone");
    switch (a.command) {
      case "status" -> {
        Status status = straddle.status();
        if (a.flag("matrix")) {
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
        status.problems().forEach(p -> out.println("problem \"" + oneLine(p) + "\""));
        return status.problems().isEmpty() ? OK : REFUSED;
      }
      case "plan" -> {
        out.print(straddle.plan(gone));
        return OK;
      }
      case "verify" -> {
        List<String> problems = straddle.verify();
        problems.forEach(p -> out.println("problem \"" + oneLine(p) + "\""));
        out.println("verify " + (problems.isEmpty() ? "ok" : "problems=" + problems.size()));
        return problems.isEmpty() ? OK : REFUSED;
      }
      default -> {
        RunResult result =
            switch (a.command) {
              case "expand" -> straddle.expand(!a.flag("no-backfill"));
              case "backfill" -> straddle.backfill();
              case "contract" -> {
                Integer upTo = a.integer("up-to");
                if (upTo != null && (upTo < 1 || upTo > plan.head())) {
                  throw new CliArguments.UsageException(
                      "--up-to "
                          + upTo
                          + ": must be between 1 and this build's head, "
                          + plan.head()
                          + " (a build contracts only migrations it declares)");
                }
                yield straddle.contract(upTo == null ? plan.head() : upTo, gone, a.flag("force"));
              }
              case "migrate" -> straddle.migrate(gone, a.flag("force"));
              default -> throw new IllegalStateException(a.command);
            };
        for (String step : result.steps()) {
          String[] parts = step.split(" ", 2);
          out.println("step migration=" + parts[0] + " phase=" + parts[1].replace(' ', ','));
        }
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
    }
  }

  private static String join(List<Integer> heads) {
    return heads.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
