package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/**
 * The backfill's pacing on the oldest supported major ({@code pg_blocking_pids}, {@code pg_locks}).
 */
@PostgresMajor(13)
class BackfillPacingPostgres13Test extends BackfillPacingTest {

  BackfillPacingPostgres13Test(TestDatabase db) {
    super(db);
  }
}
