package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import java.util.Arrays;

/**
 * The runner as a process of its own, for {@link KilledRunnerProcessTest}: {@code FaultRunnerMain
 * <table> <command> [CLI options]} runs the CLI on the fault tests' plan for {@code table} (the
 * same plan the test builds) and exits with the CLI's exit code.
 */
public final class FaultRunnerMain {

  private FaultRunnerMain() {}

  /**
   * Migration 70 adds {@code table.qlen} computed by {@code slow_length(queue)} (a function the
   * test creates, slow enough to observe batches); migration 71 renames {@code <table>_b.payload}
   * to {@code body}. Each declares its rollback (the column it added dropped).
   */
  static MigrationPlan plan(String table) {
    return TestPlans.plan(
        TestPlans.addNotNullUndoable(70, table, "qlen", "integer", "slow_length(queue)"),
        TestPlans.withRollback(
            TestPlans.rename(71, table + "_b", "payload", "body", "text"),
            TestPlans.dropAdded(table + "_b", "body")));
  }

  public static void main(String[] args) {
    String table = args[0];
    String[] cli = Arrays.copyOfRange(args, 1, args.length);
    System.exit(StraddleCli.run(plan(table), cli, System.out, System.err, System.getenv()));
  }
}
