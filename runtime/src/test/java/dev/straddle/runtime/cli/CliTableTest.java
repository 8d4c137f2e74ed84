package dev.straddle.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.runtime.StraddleConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line's usage and dispatch come from one table ({@link CliCommand}, {@link
 * CliOption}): every command dispatched is in the usage and the other way round, every option
 * parsed is listed, and the defaults shown are the configuration's. No database: these fail before
 * connecting.
 */
class CliTableTest {

  static final MigrationPlan EMPTY =
      new MigrationPlan() {
        @Override
        public int head() {
          return 0;
        }

        @Override
        public List<PlannedMigration> migrations() {
          return List.of();
        }

        @Override
        public List<SchemaExpectation> baseline() {
          return List.of();
        }
      };

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        StraddleCli.run(
            EMPTY,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandIsInTheUsageAndDispatched() {
    for (CliCommand command : CliCommand.values()) {
      assertTrue(
          StraddleCli.USAGE_TEXT.contains("\n  " + command.name + " "),
          command.name + " missing from the usage");
      assertEquals(command, CliCommand.named(command.name));
      // Known: without --url it is refused for the missing database, not as unknown.
      Run run = run(command.name);
      assertEquals(StraddleCli.USAGE, run.code);
      assertTrue(run.err.contains("no database"), run.err);
    }
    Run unknown = run("upgrade", "--url", "jdbc:postgresql://127.0.0.1:1/none");
    assertEquals(StraddleCli.USAGE, unknown.code);
    assertTrue(unknown.err.contains("unknown command 'upgrade'"), unknown.err);
  }

  @Test
  void everyOptionIsParsedAndListed() {
    for (CliOption option : CliOption.values()) {
      assertNotNull(CliOption.named(option.name));
      if (option != CliOption.HELP) {
        assertTrue(
            StraddleCli.USAGE_TEXT.contains("--" + option.name + " ")
                || StraddleCli.USAGE_TEXT.contains("--" + option.name + "\n"),
            "--" + option.name + " missing from the usage");
      }
      String[] args =
          option.kind == CliOption.Kind.FLAG
              ? new String[] {"--" + option.name}
              : new String[] {"--" + option.name, "1"};
      Run run = run(args);
      assertTrue(
          !run.err.contains("unknown option"), "--" + option.name + " not parsed: " + run.err);
    }
    Run unknown = run("status", "--frobnicate");
    assertTrue(unknown.err.contains("unknown option --frobnicate"), unknown.err);
  }

  /** Each command-specific option is read by a command that declares it. */
  @Test
  void commandOptionsAreDeclared() {
    assertTrue(CliCommand.CONTRACT.options.contains(CliOption.UP_TO));
    assertTrue(CliCommand.EXPAND.options.contains(CliOption.NO_BACKFILL));
    assertTrue(CliCommand.STATUS.options.contains(CliOption.MATRIX));
    for (CliCommand command : List.of(CliCommand.PLAN, CliCommand.CONTRACT, CliCommand.MIGRATE)) {
      assertTrue(command.options.contains(CliOption.PREVIOUS_RELEASE_GONE), command.name);
      assertTrue(command.options.contains(CliOption.FORCE), command.name);
    }
  }

  @Test
  void theUsageShowsTheConfigurationsDefaults() {
    String usage = StraddleCli.USAGE_TEXT;
    assertTrue(
        usage.contains(
            "--lock-timeout " + StraddleConfiguration.DEFAULT_LOCK_TIMEOUT.toMillis() + "ms "),
        usage);
    assertTrue(
        usage.contains(
            "--batch-min "
                + StraddleConfiguration.DEFAULT_MIN_BATCH
                + " --batch-max "
                + StraddleConfiguration.DEFAULT_MAX_BATCH),
        usage);
    assertTrue(usage.contains("default " + StraddleConfiguration.DEFAULT_HISTORY_SCHEMA), usage);
    assertEquals("5m", CliOption.duration(StraddleConfiguration.DEFAULT_RETRY_BUDGET));
    assertEquals("1m", CliOption.duration(StraddleConfiguration.DEFAULT_RUN_LOCK_WAIT));
    assertEquals("25ms", CliOption.duration(StraddleConfiguration.DEFAULT_BATCH_TARGET));
    assertEquals("0ms", CliOption.duration(StraddleConfiguration.DEFAULT_BATCH_PAUSE));
    assertTrue(
        usage.contains(
            "--max-replica-lag "
                + CliOption.duration(StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG)
                + " "),
        usage);
    assertEquals("5s", CliOption.duration(StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG));
    assertEquals("2s", CliOption.duration(java.time.Duration.ofSeconds(2)));
    Run help = run("--help");
    assertEquals(StraddleCli.OK, help.code);
    assertEquals(StraddleCli.USAGE_TEXT, help.out);
  }
}
