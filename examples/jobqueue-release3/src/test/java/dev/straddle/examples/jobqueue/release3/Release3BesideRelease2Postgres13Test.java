package dev.straddle.examples.jobqueue.release3;

import dev.straddle.testkit.PostgresMajor;

/** {@link Release3BesideRelease2Test} on the oldest supported major. */
@PostgresMajor(13)
class Release3BesideRelease2Postgres13Test extends Release3BesideRelease2Test {}
