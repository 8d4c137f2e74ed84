package com.example.jobs;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "queue", type = "text", notNull = true),
      @Column(name = "status", type = "text", notNull = true),
      @Column(name = "legacy_flags", type = "jsonb", notNull = true)
    })
final class Baseline {}
