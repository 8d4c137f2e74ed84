package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/**
 * The same on the oldest supported major ({@code pg_partitioned_table}, {@code pg_get_partkeydef}).
 */
@PostgresMajor(13)
class PartitioningDriftPostgres13Test extends PartitioningDriftTest {

  PartitioningDriftPostgres13Test(TestDatabase db) {
    super(db);
  }
}
