package dev.straddle.runtime.cli;

import dev.straddle.runtime.MigrationPlan;

/**
 * The command line of a generated plan: {@code java -cp app.jar <Plan> <command> --url ...}. The
 * generated plan's {@code main} calls {@link #main(MigrationPlan, String[])}.
 */
public final class StraddleCli {

  private StraddleCli() {}

  /** Runs one command and exits the JVM with its exit code. */
  public static void main(MigrationPlan plan, String[] args) {
    throw new UnsupportedOperationException("the runner's command line is not built yet");
  }
}
