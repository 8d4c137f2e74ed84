package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the command line in this JVM, as a deploy job sees it: exit code, stdout, stderr. */
record CliRun(int code, String out, String err) {

  /** Runs {@code args} against {@code plan} with {@code environment} as the process environment. */
  static CliRun run(MigrationPlan plan, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        StraddleCli.run(
            plan,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Exit code, stdout and stderr, for assertion messages. */
  @Override
  public String toString() {
    return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }

  /**
   * The environment that names {@code db} the way a deploy job would ({@code STRADDLE_URL}, ...).
   */
  static Map<String, String> environmentOf(dev.straddle.testkit.TestDatabase db) {
    return Map.of(
        "STRADDLE_URL",
        db.jdbcUrl(),
        "STRADDLE_USER",
        db.user(),
        "STRADDLE_PASSWORD",
        db.password());
  }
}
