package com.example.procs;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;
import dev.straddle.dsl.RenameColumn;

@Migration(id = 2, description = "Rename jobs.queue to queue_name")
@RenameColumn(table = "jobs", from = "queue", to = "queue_name")
@Procedure(
    name = "fetch_job",
    version = 2,
    arguments = "target_queue text",
    returns = "bigint",
    body =
        """
        DECLARE
          fetched bigint;
        BEGIN
          SELECT id INTO fetched FROM jobs
          WHERE queue_name = target_queue AND status = 'todo'
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
          UPDATE jobs SET status = 'doing' WHERE id = fetched;
          RETURN fetched;
        END
        """)
@Procedure(
    name = "count_jobs",
    version = 2,
    arguments = "target_queue text, only_status text DEFAULT NULL",
    returns = "bigint",
    language = Procedure.Language.SQL,
    volatility = Procedure.Volatility.STABLE,
    security = Procedure.Security.DEFINER,
    set = "search_path = public",
    body =
        """
        SELECT count(*) FROM jobs
        WHERE queue_name = target_queue AND (only_status IS NULL OR status = only_status)
        """)
final class RenameQueue {}
