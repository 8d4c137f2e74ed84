package dev.straddle.examples.jobqueue.release3;

import dev.straddle.compat.SchemaState;

/** Release 3 during its rollout: migration 3 expanded, release 2 may still run. */
@SchemaState(plan = StraddlePlan.class, head = 3, contractedUpTo = 2)
class Release3OnExpandedSchemaTest extends Release3Suite {

  @Override
  String statusOfAFailedJob() {
    return "failed";
  }
}
