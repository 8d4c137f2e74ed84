package dev.straddle.examples.jobqueue.release3;

import dev.straddle.testkit.PostgresMajor;

/**
 * {@link Release3OnExpandedSchemaTest} on the oldest supported major: the sync trigger, the enum
 * copy and the event trigger behave alike on 13.
 */
@PostgresMajor(13)
class Release3OnExpandedSchemaPostgres13Test extends Release3OnExpandedSchemaTest {}
