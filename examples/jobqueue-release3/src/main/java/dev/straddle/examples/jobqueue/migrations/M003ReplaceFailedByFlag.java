package dev.straddle.examples.jobqueue.migrations;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AddForeignKey;
import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.CreateTrigger;
import dev.straddle.dsl.DropEnumValue;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;
import dev.straddle.dsl.SetNotNull;

/**
 * Release 3: a failed job is a finished ({@code done}) job with the flag {@code failed}, and the
 * status {@code failed} goes away (the motivating case of "Enum types" in docs/ARCHITECTURE.md);
 * who enqueued a job becomes mandatory; status changes are recorded in a new table {@code
 * job_events}, whose rows belong to their job (a foreign key, deleted with it), by a trigger
 * executing the versioned trigger function {@code record_job_event}.
 *
 * <p>While release 2 runs, the sync trigger sets {@code failed} where release 2 writes {@code
 * failed}, and stores {@code failed} in {@code status} where release 3 sets the flag, so release 2
 * reads what it wrote; it gives release 2's jobs, which say nobody enqueued them, {@code
 * 'unknown'}. At contract the rows still holding {@code failed} get {@code done} and the label is
 * removed.
 *
 * <p>The trigger records the status changes of both releases from this migration's expand on. Not
 * the contract's data step, which relabels {@code failed} jobs {@code done} as the backfill's
 * writer (head -1): that keeps the job's meaning (its flag is set) and is no event.
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
@CreateIndex(
    table = "job_events",
    name = "job_events_job_idx",
    columns = {"job_id", "id"})
// The trigger fires on a change of status (UPDATE OF status, and a WHEN comparing OLD.status with
// NEW.status), the function records NEW.status. This migration's contract makes job_status again
// (without failed): it drops this trigger and creates it again around the column's move, and
// issues the function again so that sessions opened before it compile it afresh. The trigger
// skips the contract's data step (the backfill's writer, head -1), which relabels failed jobs done.
@Procedure(
    name = "record_job_event",
    version = 1,
    returns = "trigger",
    body =
        """
        BEGIN
          INSERT INTO job_events (job_id, status) VALUES (NEW.id, NEW.status);
          RETURN NULL;
        END
        """)
@CreateTrigger(
    table = "jobs",
    name = "jobs_record_event",
    procedure = "record_job_event",
    timing = CreateTrigger.Timing.AFTER,
    events = CreateTrigger.Event.UPDATE,
    columns = "status",
    when =
        "OLD.status IS DISTINCT FROM NEW.status"
            + " AND current_setting('straddle.head', true) IS DISTINCT FROM '-1'")
public final class M003ReplaceFailedByFlag {}
