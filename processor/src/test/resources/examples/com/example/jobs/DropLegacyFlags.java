package com.example.jobs;

import dev.straddle.dsl.DropColumn;
import dev.straddle.dsl.Migration;

@Migration(id = 4, description = "Drop jobs.legacy_flags")
@DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'::jsonb")
final class DropLegacyFlags {}
