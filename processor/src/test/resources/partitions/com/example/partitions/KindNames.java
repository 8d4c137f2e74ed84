package com.example.partitions;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/**
 * On the partitioned parent: a rename, a NOT NULL column computed for old rows and old code, and an
 * index built on every partition.
 */
@Migration(id = 1, description = "Events: kind name and payload size")
@RenameColumn(table = "events", from = "kind", to = "kind_name")
@AddColumn(
    table = "events",
    column = "payload_size",
    type = "integer",
    notNull = true,
    defaultValue = "0",
    up = "coalesce(length(payload), 0)")
@CreateIndex(table = "events", name = "events_kind_name_idx", columns = {"kind_name", "id"})
final class KindNames {}
