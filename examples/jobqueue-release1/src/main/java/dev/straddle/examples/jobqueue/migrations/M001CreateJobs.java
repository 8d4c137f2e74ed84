package dev.straddle.examples.jobqueue.migrations;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateEnum;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;

/**
 * Release 1's schema: a job queue in the style of a PostgreSQL task queue (its status an enum
 * type), and {@code fetch_job} version 1 (highest priority first, then oldest), which release 1
 * calls through the generated {@code Procedures.FETCH_JOB_CALL}.
 */
@Migration(id = 1, description = "Create the jobs table")
@CreateEnum(
    name = "job_status",
    values = {"todo", "doing", "aborting", "done", "failed"})
@CreateTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "queue", type = "text", notNull = true),
      @Column(name = "status", type = "job_status", notNull = true, defaultValue = "'todo'"),
      @Column(name = "args", type = "jsonb", notNull = true, defaultValue = "'{}'"),
      @Column(name = "attempts", type = "integer", notNull = true, defaultValue = "0"),
      @Column(name = "priority", type = "integer", notNull = true, defaultValue = "0"),
      @Column(name = "created_at", type = "timestamptz", notNull = true, defaultValue = "now()"),
      // Who enqueued the job; release 1 leaves it NULL, release 3 makes it NOT NULL.
      @Column(name = "created_by", type = "text")
    })
@CreateIndex(
    table = "jobs",
    name = "jobs_waiting_idx",
    columns = {"queue", "id"},
    where = "status = 'todo'")
@Procedure(
    name = "fetch_job",
    version = 1,
    arguments = "target_queue text",
    returns = "bigint",
    language = Procedure.Language.SQL,
    body =
        """
        UPDATE jobs SET status = 'doing', attempts = attempts + 1
        WHERE id = (
          SELECT id FROM jobs WHERE queue = target_queue AND status = 'todo'
          ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id
        """)
public final class M001CreateJobs {}
