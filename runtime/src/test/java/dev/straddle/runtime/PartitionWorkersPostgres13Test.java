package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The same on the oldest supported major. */
@PostgresMajor(13)
class PartitionWorkersPostgres13Test extends PartitionWorkersTest {

  PartitionWorkersPostgres13Test(TestDatabase db) {
    super(db);
  }
}
