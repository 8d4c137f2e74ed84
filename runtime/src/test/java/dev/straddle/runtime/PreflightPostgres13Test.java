package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The preflight tests on the oldest supported major. */
@PostgresMajor(13)
class PreflightPostgres13Test extends PreflightTest {

  PreflightPostgres13Test(TestDatabase db) {
    super(db);
  }
}
