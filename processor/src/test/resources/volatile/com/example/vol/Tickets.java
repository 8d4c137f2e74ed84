package com.example.vol;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** nextval: a serial column added, a column with a sequence default renamed. */
@Migration(id = 2, description = "Tickets: a position per row, number renamed")
@AddColumn(table = "tickets", column = "position", type = "bigserial")
@RenameColumn(table = "tickets", from = "number", to = "ticket_number")
final class Tickets {}
