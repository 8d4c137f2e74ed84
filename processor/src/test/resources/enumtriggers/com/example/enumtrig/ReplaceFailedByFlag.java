package com.example.enumtrig;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.CreateTrigger;
import dev.straddle.dsl.DropEnumValue;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;

@Migration(id = 1, description = "Replace the failed status by a flag, record status changes")
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
@CreateTable(
    name = "job_events",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "job_id", type = "bigint", notNull = true),
      @Column(name = "status", type = "job_status", notNull = true)
    })
// Reads NEW.status and OLD.status and keeps one in a variable of the type: compiled plans on a
// value of the type, which the contract makes again.
@Procedure(
    name = "record_job_event",
    version = 1,
    returns = "trigger",
    body =
        """
        DECLARE
          now_status job_status;
        BEGIN
          now_status := NEW.status;
          IF OLD.status IS DISTINCT FROM now_status THEN
            INSERT INTO job_events (job_id, status) VALUES (NEW.id, now_status);
          END IF;
          RETURN NULL;
        END
        """)
// UPDATE OF status and a WHEN naming it: PostgreSQL cannot alter the type of a column a trigger
// definition uses, so the contract drops and creates the trigger again around the move.
@CreateTrigger(
    table = "jobs",
    name = "jobs_record_event",
    procedure = "record_job_event",
    timing = CreateTrigger.Timing.AFTER,
    events = CreateTrigger.Event.UPDATE,
    columns = "status",
    when = "OLD.status IS DISTINCT FROM NEW.status")
// A trigger naming no column, whose function reads NEW.status and OLD.status: the trigger stays
// as it is through the contract, which issues the function again.
@Procedure(
    name = "note_status_change",
    version = 1,
    returns = "trigger",
    body =
        """
        BEGIN
          IF NEW.status IS DISTINCT FROM OLD.status THEN
            NEW.note := 'was ' || OLD.status;
          END IF;
          RETURN NEW;
        END
        """)
@CreateTrigger(
    table = "jobs",
    name = "jobs_note_status_change",
    procedure = "note_status_change",
    timing = CreateTrigger.Timing.BEFORE,
    events = CreateTrigger.Event.UPDATE)
final class ReplaceFailedByFlag {}
