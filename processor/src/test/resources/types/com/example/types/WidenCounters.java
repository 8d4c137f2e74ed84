package com.example.types;

import dev.straddle.dsl.ChangeColumnType;
import dev.straddle.dsl.Migration;

/** A shadow column for hits (integer → bigint), the catalog alone for label and score. */
@Migration(id = 1, description = "Counters: wider hits, label and score")
@ChangeColumnType(table = "counters", column = "hits", type = "bigint")
@ChangeColumnType(table = "counters", column = "label", type = "varchar(100)")
@ChangeColumnType(table = "counters", column = "score", type = "numeric(12,2)")
final class WidenCounters {}
