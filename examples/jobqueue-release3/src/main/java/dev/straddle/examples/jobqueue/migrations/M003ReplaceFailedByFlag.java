package dev.straddle.examples.jobqueue.migrations;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AddForeignKey;
import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.DropEnumValue;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.SetNotNull;

/**
 * Release 3: a failed job is a finished ({@code done}) job with the flag {@code failed}, and the
 * status {@code failed} goes away (the motivating case of "Enum types" in docs/ARCHITECTURE.md);
 * who enqueued a job becomes mandatory; status changes are recorded in a new table {@code
 * job_events}, whose rows belong to their job (a foreign key, deleted with it).
 *
 * <p>While release 2 runs, the sync trigger sets {@code failed} where release 2 writes {@code
 * failed}, and stores {@code failed} in {@code status} where release 3 sets the flag, so release 2
 * reads what it wrote; it gives release 2's jobs, which say nobody enqueued them, {@code
 * 'unknown'}. At contract the rows still holding {@code failed} get {@code done} and the label is
 * removed.
 */
@Migration(id = 3, description = "Replace the failed status by a flag")
@AddColumn(
    table = "jobs",
    column = "failed",
    type = "boolean",
    notNull = true,
    defaultValue = "false",
    up = "status = 'failed'")
@AlterColumn(
    table = "jobs",
    column = "status",
    down = "CASE WHEN failed THEN 'failed' ELSE status END")
@DropEnumValue(type = "job_status", value = "failed", replacement = "done")
@SetNotNull(table = "jobs", column = "created_by", up = "'unknown'")
@CreateTable(
    name = "job_events",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "job_id", type = "bigint", notNull = true),
      @Column(name = "status", type = "job_status", notNull = true),
      @Column(name = "at", type = "timestamptz", notNull = true, defaultValue = "now()")
    })
@AddForeignKey(
    table = "job_events",
    name = "job_events_job_id_fkey",
    columns = "job_id",
    references = "jobs",
    onDelete = AddForeignKey.Action.CASCADE)
public final class M003ReplaceFailedByFlag {}
