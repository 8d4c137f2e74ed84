package com.example.types;

import dev.straddle.dsl.ChangeColumnType;
import dev.straddle.dsl.Migration;

/** The serial primary key of a table no foreign key references, integer → bigint. */
@Migration(id = 2, description = "Visits: bigint key")
@ChangeColumnType(table = "visits", column = "id", type = "bigint")
final class WidenVisitKey {}
