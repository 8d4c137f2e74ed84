package dev.straddle.examples.jobqueue.release3;

import dev.straddle.compat.SchemaState;

/** Release 3 once release 2 is gone and migration 3 is contracted: the label failed is gone. */
@SchemaState(plan = StraddlePlan.class, head = 3, contractedUpTo = 3)
class Release3OnContractedSchemaTest extends Release3Suite {

  @Override
  String statusOfAFailedJob() {
    return "done";
  }
}
