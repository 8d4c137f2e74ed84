package dev.straddle.examples.jobqueue.release3;

import dev.straddle.testkit.PostgresMajor;

/**
 * {@link Release3OnContractedSchemaTest} on the oldest supported major: the contract that drops the
 * enum value (a new type, the column and the trigger function switched to it) runs on 13.
 */
@PostgresMajor(13)
class Release3OnContractedSchemaPostgres13Test extends Release3OnContractedSchemaTest {}
