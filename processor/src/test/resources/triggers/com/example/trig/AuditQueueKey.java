package com.example.trig;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.DropProcedure;
import dev.straddle.dsl.DropTrigger;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;

@Migration(id = 2, description = "Audit the queue key, retire the hand-written SQL")
@AddColumn(table = "jobs", column = "queue_key", type = "text", up = "upper(queue)")
@AddColumn(table = "job_audit", column = "queue_key", type = "text")
@Procedure(
    name = "audit_job",
    version = 2,
    returns = "trigger",
    body =
        """
        BEGIN
          INSERT INTO job_audit (job_id, status, queue_key, audited_by)
          VALUES (NEW.id, NEW.status, NEW.queue_key, 'audit_job_v2');
          RETURN NEW;
        END
        """)
@Procedure(
    name = "count_jobs",
    version = 1,
    arguments = "target_queue text",
    returns = "bigint",
    language = Procedure.Language.SQL,
    volatility = Procedure.Volatility.STABLE,
    body = "SELECT count(*) FROM jobs WHERE queue = target_queue")
@DropProcedure(name = "count_jobs", arguments = "text, text")
@DropTrigger(table = "jobs", name = "jobs_touch")
@DropProcedure(name = "touch_job")
final class AuditQueueKey {}
