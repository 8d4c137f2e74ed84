package dev.straddle.examples.jobqueue.release2;

import dev.straddle.compat.SchemaState;

/**
 * Release 2 while release 3 rolls out: migration 2 contracted (release 1 is gone), release 3's
 * migration 3 expanded and backfilled, not contracted. Release 2's own suite (from its test jar)
 * must still pass: it writes and reads the status {@code failed}, which migration 3 replaces by a
 * flag.
 */
@SchemaState(
    plan = dev.straddle.examples.jobqueue.release3.StraddlePlan.class,
    head = 2,
    contractedUpTo = 2)
class Release2OnRelease3ExpandedTest extends Release2Suite {}
