package com.example.trig;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

/** A schema written by hand before Straddle (TriggerExamples.HAND_WRITTEN creates it). */
@ExistingTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "queue", type = "text", notNull = true),
      @Column(name = "status", type = "text", notNull = true),
      @Column(name = "touches", type = "integer", notNull = true)
    })
final class Baseline {}
