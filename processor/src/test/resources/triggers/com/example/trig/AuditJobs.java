package com.example.trig;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.CreateTrigger;
import dev.straddle.dsl.ExistingProcedure;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;

@Migration(id = 1, description = "Audit status changes of jobs")
@CreateTable(
    name = "job_audit",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "job_id", type = "bigint", notNull = true),
      @Column(name = "status", type = "text", notNull = true),
      @Column(name = "audited_by", type = "text", notNull = true)
    })
@Procedure(
    name = "audit_job",
    version = 1,
    returns = "trigger",
    body =
        """
        BEGIN
          INSERT INTO job_audit (job_id, status, audited_by)
          VALUES (NEW.id, NEW.status, 'audit_job_v1');
          RETURN NEW;
        END
        """)
@CreateTrigger(
    table = "jobs",
    name = "jobs_audit",
    procedure = "audit_job",
    timing = CreateTrigger.Timing.BEFORE,
    events = {CreateTrigger.Event.INSERT, CreateTrigger.Event.UPDATE},
    columns = "status",
    when = "NEW.status <> 'deleted'")
@ExistingProcedure(name = "count_jobs", arguments = "text", returns = "bigint")
final class AuditJobs {}
