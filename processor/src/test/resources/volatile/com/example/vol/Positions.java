package com.example.vol;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** A serial column added by migration 2, renamed: the copy keeps its numbers and its sequence. */
@Migration(id = 5, description = "Tickets: position renamed to place")
@RenameColumn(table = "tickets", from = "position", to = "place")
final class Positions {}
