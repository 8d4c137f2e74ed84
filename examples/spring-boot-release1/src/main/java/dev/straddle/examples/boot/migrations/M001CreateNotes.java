package dev.straddle.examples.boot.migrations;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

/** Release 1's schema: the notes table. */
@Migration(id = 1, description = "Create the notes table")
@CreateTable(
    name = "notes",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "body", type = "text", notNull = true)
    })
public final class M001CreateNotes {}
