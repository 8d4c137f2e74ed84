package dev.straddle.examples.jobqueue.release1;

import dev.straddle.compat.SchemaState;

/** Release 1 on the schema it was built for. */
@SchemaState(plan = StraddlePlan.class, head = 1)
class Release1OnItsOwnSchemaTest extends Release1Suite {}
