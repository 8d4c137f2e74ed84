package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The narrowing tests on the oldest supported major, which never narrows. */
@PostgresMajor(13)
class NarrowSyncTriggerPostgres13Test extends NarrowSyncTriggerTest {

  NarrowSyncTriggerPostgres13Test(TestDatabase db) {
    super(db);
  }
}
