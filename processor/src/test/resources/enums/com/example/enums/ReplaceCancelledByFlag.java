package com.example.enums;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.DropEnumValue;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameEnumValue;

@Migration(id = 2, description = "Replace the cancelled status by a flag")
@AddColumn(
    table = "jobs",
    column = "cancelled",
    type = "boolean",
    notNull = true,
    defaultValue = "false",
    up = "status = 'cancelled'") // old rows, and rows old code writes
@AlterColumn(
    table = "jobs",
    column = "status",
    down = "CASE WHEN cancelled THEN 'cancelled' ELSE status END") // what old code reads
@DropEnumValue(type = "job_status", value = "cancelled", replacement = "done")
@RenameEnumValue(type = "priority_level", from = "high", to = "urgent")
final class ReplaceCancelledByFlag {}
