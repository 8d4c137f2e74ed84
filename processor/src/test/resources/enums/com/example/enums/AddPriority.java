package com.example.enums;

import dev.straddle.dsl.AddCheck;
import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AddEnumValue;
import dev.straddle.dsl.CreateEnum;
import dev.straddle.dsl.Migration;

@Migration(id = 1, description = "Job priorities, and a paused status")
@CreateEnum(name = "priority_level", values = {"low", "high"})
@AddColumn(
    table = "jobs",
    column = "priority",
    type = "priority_level",
    notNull = true,
    defaultValue = "'low'")
@AddEnumValue(type = "job_status", value = "paused", after = "running")
@AddCheck( // uses the new label in the expand transaction: it was committed before
    table = "jobs",
    name = "jobs_paused_has_note",
    check = "status <> 'paused' OR note IS NOT NULL")
final class AddPriority {}
