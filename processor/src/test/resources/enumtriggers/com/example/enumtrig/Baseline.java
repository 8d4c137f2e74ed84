package com.example.enumtrig;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingEnum;
import dev.straddle.dsl.ExistingTable;

@ExistingEnum(name = "job_status", values = {"queued", "running", "done", "failed"})
@ExistingTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "status", type = "job_status", notNull = true, defaultValue = "'queued'"),
      @Column(name = "note", type = "text")
    })
final class Baseline {}
