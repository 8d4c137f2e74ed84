package dev.straddle.examples.jobqueue.release2;

import dev.straddle.compat.SchemaState;

/** Release 2 once release 1 is gone and migration 2 is contracted. */
@SchemaState(plan = StraddlePlan.class, head = 2, contractedUpTo = 2)
class Release2OnContractedSchemaTest extends Release2Suite {}
