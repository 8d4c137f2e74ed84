package dev.straddle.examples.jobqueue.release2;

import dev.straddle.testkit.PostgresMajor;

/** {@link Release2OnRelease3ExpandedTest} on the oldest supported major. */
@PostgresMajor(13)
class Release2OnRelease3ExpandedPostgres13Test extends Release2OnRelease3ExpandedTest {}
