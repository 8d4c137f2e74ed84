package dev.straddle.examples.jobqueue.release1;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * A release 2 that gets it wrong: its migration 2 declares that status no longer says {@code
 * aborting} ({@code @AlterColumn(up = "CASE WHEN status = 'aborting' THEN 'doing' ELSE status
 * END")}) without a {@code down} giving release 1 its {@code aborting} back. The processor cannot
 * know what release 1 reads; release 1's suite, run on this schema, does.
 */
public final class IncompatibleRelease2Plan implements MigrationPlan {

  private final MigrationPlan release1 = new StraddlePlan();

  @Override
  public int head() {
    return 2;
  }

  @Override
  public List<PlannedMigration> migrations() {
    List<PlannedMigration> migrations = new ArrayList<>(release1.migrations());
    migrations.add(
        new PlannedMigration(
            2,
            "Status no longer says aborting",
            "incompatible-2",
            List.of(),
            List.of(),
            List.of(
                new SyncFragment(
                    "jobs",
                    Direction.UP,
                    "status",
                    "CASE WHEN status = 'aborting' THEN 'doing' ELSE status END")),
            List.of(SchemaExpectation.columnExists("jobs", "status", "job_status"))));
    return migrations;
  }

  @Override
  public List<SchemaExpectation> baseline() {
    return release1.baseline();
  }
}
