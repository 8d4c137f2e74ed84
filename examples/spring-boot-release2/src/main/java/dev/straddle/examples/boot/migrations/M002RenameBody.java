package dev.straddle.examples.boot.migrations;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/**
 * Release 2 calls the text of a note its content. Until the contract, both columns exist and the
 * sync trigger keeps them equal, whichever release writes.
 */
@Migration(id = 2, description = "Rename notes.body to content")
@RenameColumn(table = "notes", from = "body", to = "content")
public final class M002RenameBody {}
