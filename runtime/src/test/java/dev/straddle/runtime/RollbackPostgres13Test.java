package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The rollback tests on the oldest supported major (its sync trigger is never replaced). */
@PostgresMajor(13)
class RollbackPostgres13Test extends RollbackTest {

  RollbackPostgres13Test(TestDatabase db) {
    super(db);
  }
}
