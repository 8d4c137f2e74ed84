package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;

/** The same on the oldest supported major. */
@PostgresMajor(13)
class ExpandRewriteGuardPostgres13Test extends ExpandRewriteGuardTest {

  ExpandRewriteGuardPostgres13Test(dev.straddle.testkit.TestDatabase db) {
    super(db);
  }
}
