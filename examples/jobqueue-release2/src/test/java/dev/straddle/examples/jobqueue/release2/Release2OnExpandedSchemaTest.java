package dev.straddle.examples.jobqueue.release2;

import dev.straddle.compat.SchemaState;

/** Release 2 during its rollout: its migrations expanded, release 1's columns still there. */
@SchemaState(plan = StraddlePlan.class, head = 2)
class Release2OnExpandedSchemaTest extends Release2Suite {}
