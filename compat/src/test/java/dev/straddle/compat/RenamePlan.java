package dev.straddle.compat;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import java.util.List;

/** A plan as the processor would generate it: create {@code notes}, then rename a column. */
public final class RenamePlan implements MigrationPlan {

  @Override
  public int head() {
    return 2;
  }

  @Override
  public List<PlannedMigration> migrations() {
    return List.of(
        new PlannedMigration(
            1,
            "Create notes",
            "c1",
            List.of(
                SqlStatement.inTransaction(
                    "CREATE TABLE \"notes\" (\"id\" bigserial PRIMARY KEY, \"body\" text)")),
            List.of(),
            List.of(),
            List.of(SchemaExpectation.tableAbsent("notes"))),
        new PlannedMigration(
            2,
            "Rename body to text",
            "c2",
            List.of(SqlStatement.inTransaction("ALTER TABLE \"notes\" ADD COLUMN \"text\" text")),
            List.of(SqlStatement.inTransaction("ALTER TABLE \"notes\" DROP COLUMN \"body\"")),
            List.of(
                new SyncFragment("notes", Direction.UP, "text", "\"body\""),
                new SyncFragment("notes", Direction.DOWN, "body", "\"text\"")),
            List.of(SchemaExpectation.columnExists("notes", "body", "text"))));
  }

  @Override
  public List<SchemaExpectation> baseline() {
    return List.of();
  }
}
