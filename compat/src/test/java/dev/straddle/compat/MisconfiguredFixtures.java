package dev.straddle.compat;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test classes configured wrongly. Not tests of their own (the name keeps surefire away): {@link
 * SchemaStateExtensionTest} runs each with the engine test kit to check the refusal.
 */
final class MisconfiguredFixtures {

  private MisconfiguredFixtures() {}

  @ExtendWith(SchemaStateExtension.class)
  static class NoState {
    @Test
    void never(CompatDatabase db) {}
  }

  /** A plan the extension cannot instantiate. */
  public static final class UnbuildablePlan implements MigrationPlan {
    public UnbuildablePlan(int head) {}

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
  }

  @SchemaState(plan = UnbuildablePlan.class, head = 0)
  static class UnbuildablePlanState {
    @Test
    void never(CompatDatabase db) {}
  }

  @SchemaState(plan = RenamePlan.class, head = 2, setup = "no/such/file.sql")
  static class MissingSetup {
    @Test
    void never(CompatDatabase db) {}
  }
}
