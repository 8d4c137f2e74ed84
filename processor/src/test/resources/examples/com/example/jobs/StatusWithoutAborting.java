package com.example.jobs;

import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.Migration;

@Migration(id = 5, description = "Status no longer says 'aborting'")
@AlterColumn(
    table = "jobs",
    column = "status",
    down = "CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END")
final class StatusWithoutAborting {}
