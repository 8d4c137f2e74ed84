package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;

/** The same on the oldest supported major (the catalog query reads {@code pg_index} columns). */
@PostgresMajor(13)
class ConstraintDriftPostgres13Test extends ConstraintDriftTest {

  ConstraintDriftPostgres13Test(dev.straddle.testkit.TestDatabase db) {
    super(db);
  }
}
