package com.example.partitions;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

/** A new partitioned table; its partitions are created by the application. */
@Migration(id = 2, description = "Event audits by month")
@CreateTable(
    name = "event_audits",
    partitionBy = "RANGE (audited_at)",
    columns = {
      @Column(name = "id", type = "bigint", primaryKey = true),
      @Column(name = "audited_at", type = "timestamptz", primaryKey = true),
      @Column(name = "note", type = "text", notNull = true)
    })
final class CreateAudits {}
