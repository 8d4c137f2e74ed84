package com.example.vol;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** clock_timestamp(): an added column whose existing rows get up, not the default. */
@Migration(id = 3, description = "Events: recorded_at, seen_at renamed")
@AddColumn(
    table = "events",
    column = "recorded_at",
    type = "timestamptz",
    notNull = true,
    defaultValue = "clock_timestamp()",
    up = "seen_at - interval '1 second'")
@RenameColumn(table = "events", from = "seen_at", to = "observed_at")
final class Events {}
