package dev.straddle.examples.jobqueue.release1;

import dev.straddle.compat.SchemaState;

/**
 * Release 1's suite on the schema of {@link IncompatibleRelease2Plan}. Not run by the build on its
 * own (its name keeps surefire away): {@link IncompatibleChangeIsCaughtTest} runs it and expects it
 * red.
 */
@SchemaState(plan = IncompatibleRelease2Plan.class, head = 1)
class Release1OnIncompatibleRelease2Fixture extends Release1Suite {}
