package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The registry and contract-guard tests on the oldest supported major. */
@PostgresMajor(13)
class InstanceRegistryPostgres13Test extends InstanceRegistryTest {

  InstanceRegistryPostgres13Test(TestDatabase db) {
    super(db);
  }
}
