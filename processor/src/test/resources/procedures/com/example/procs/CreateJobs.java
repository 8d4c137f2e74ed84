package com.example.procs;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;

@Migration(id = 1, description = "Create the jobs table")
@CreateTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "queue", type = "text", notNull = true),
      @Column(name = "status", type = "text", notNull = true, defaultValue = "'todo'")
    })
@Procedure(
    name = "fetch_job",
    version = 1,
    arguments = "target_queue text",
    returns = "bigint",
    body =
        """
        DECLARE
          fetched bigint;
        BEGIN
          SELECT id INTO fetched FROM jobs
          WHERE queue = target_queue AND status = 'todo'
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
          UPDATE jobs SET status = 'doing' WHERE id = fetched;
          RETURN fetched;
        END
        """)
@Procedure(
    name = "count_jobs",
    version = 1,
    arguments = "target_queue text, only_status text DEFAULT NULL",
    returns = "bigint",
    language = Procedure.Language.SQL,
    volatility = Procedure.Volatility.STABLE,
    body =
        """
        SELECT count(*) FROM jobs
        WHERE queue = target_queue AND (only_status IS NULL OR status = only_status)
        """)
final class CreateJobs {}
