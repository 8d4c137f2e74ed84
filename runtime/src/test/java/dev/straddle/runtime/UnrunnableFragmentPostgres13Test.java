package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/**
 * The fragment checks and the manual undo on the oldest supported major (no CREATE OR REPLACE
 * TRIGGER there; PL/pgSQL converts through text where 14 and later refuse the assignment).
 */
@PostgresMajor(13)
class UnrunnableFragmentPostgres13Test extends UnrunnableFragmentTest {

  UnrunnableFragmentPostgres13Test(TestDatabase db) {
    super(db);
  }
}
