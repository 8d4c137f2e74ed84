package com.example.jobs;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

@Migration(id = 2, description = "Rename jobs.queue to queue_name")
@RenameColumn(table = "jobs", from = "queue", to = "queue_name")
final class RenameQueue {}
