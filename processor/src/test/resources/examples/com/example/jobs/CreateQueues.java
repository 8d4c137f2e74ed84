package com.example.jobs;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

@Migration(id = 1, description = "Create the queues table")
@CreateTable(
    name = "queues",
    columns = {
      @Column(name = "name", type = "text", notNull = true, primaryKey = true),
      @Column(name = "paused", type = "boolean", notNull = true, defaultValue = "false")
    })
final class CreateQueues {}
