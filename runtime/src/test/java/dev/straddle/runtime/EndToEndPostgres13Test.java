package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;

/** The end-to-end tests on the oldest supported major. */
@PostgresMajor(13)
class EndToEndPostgres13Test extends EndToEndTest {

  EndToEndPostgres13Test(TestDatabase db) {
    super(db);
  }
}
