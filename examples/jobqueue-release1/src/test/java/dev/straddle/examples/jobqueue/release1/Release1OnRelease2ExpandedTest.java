package dev.straddle.examples.jobqueue.release1;

import dev.straddle.compat.SchemaState;

/**
 * Release 1 while release 2 rolls out: release 2's migrations expanded and backfilled, not
 * contracted. The sync trigger keeps release 1's columns right.
 */
@SchemaState(plan = dev.straddle.examples.jobqueue.release2.StraddlePlan.class, head = 1)
class Release1OnRelease2ExpandedTest extends Release1Suite {}
