package com.example.jobs;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;

@Migration(id = 3, description = "Split the abort request out of job status")
@AddColumn(
    table = "jobs",
    column = "abort_requested",
    type = "boolean",
    notNull = true,
    defaultValue = "false",
    up = "status = 'aborting'")
final class AddAbortRequested {}
