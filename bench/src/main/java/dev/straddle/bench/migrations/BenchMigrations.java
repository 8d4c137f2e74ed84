package dev.straddle.bench.migrations;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** The benchmarks' table, as it exists before Straddle. */
@ExistingTable(
    name = "items",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "name", type = "text", notNull = true),
      @Column(name = "qty", type = "integer", notNull = true),
      @Column(name = "pad", type = "text")
    })
final class Baseline {}

/**
 * The migration the benchmarks measure: a rename and an add-with-up in flight together on one table
 * (the common shape of a real expand).
 */
@Migration(id = 1, description = "Rename name to label and add qty_doubled")
@RenameColumn(table = "items", from = "name", to = "label")
@AddColumn(table = "items", column = "qty_doubled", type = "integer", up = "qty * 2")
final class RenameAndDerive {}
