package dev.straddle.compat;

import org.junit.jupiter.api.Test;

/**
 * Asks for a state outside the window of its head. Not a test of its own (its name keeps surefire
 * away): {@link SchemaStateExtensionTest} runs it with the engine test kit to see the refusal.
 */
@SchemaState(plan = RenamePlan.class, head = 1, contractedUpTo = 2)
class OutsideTheWindowFixture {
  @Test
  void never(CompatDatabase db) {}
}
