package dev.straddle.spring.boot.autoconfigure.migrations;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;

/** A column the backfill computes for every existing row. */
@Migration(id = 1, description = "Add accounts.display_name")
@AddColumn(
    table = "accounts",
    column = "display_name",
    type = "text",
    notNull = true,
    up = "upper(name)")
public final class M001AddDisplayName {}
