package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The plan against the run on the oldest supported major (no CREATE OR REPLACE TRIGGER). */
@PostgresMajor(13)
class PlanMatchesRunPostgres13Test extends PlanMatchesRunTest {

  PlanMatchesRunPostgres13Test(TestDatabase db) {
    super(db);
  }
}
