package dev.straddle.spring.boot.autoconfigure.migrations;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/**
 * A rename: while it is in flight, a row written by code with head 2 (full_name only) gets its name
 * from the sync trigger, which reads the writer's head from its connection.
 */
@Migration(id = 2, description = "Rename accounts.name to full_name")
@RenameColumn(table = "accounts", from = "name", to = "full_name")
public final class M002RenameName {}
