package com.example.partitions;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

/** A table partitioned by month, created before Straddle (its partitions by hand). */
@ExistingTable(
    name = "events",
    partitionBy = "RANGE (created_at)",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "created_at", type = "date", notNull = true, primaryKey = true),
      @Column(name = "kind", type = "text", notNull = true),
      @Column(name = "payload", type = "text")
    })
final class Baseline {}
