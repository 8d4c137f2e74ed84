package com.example.jobs;

import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.Migration;

@Migration(id = 6, description = "Index waiting jobs by queue, queue names unique")
@CreateIndex(
    table = "jobs",
    name = "jobs_waiting_idx",
    columns = {"queue_name", "id"},
    where = "status = 'todo'")
@CreateIndex(table = "queues", name = "queues_name_key", columns = "name", unique = true)
final class IndexJobs {}
