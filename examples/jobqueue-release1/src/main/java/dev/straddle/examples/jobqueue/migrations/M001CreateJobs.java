package dev.straddle.examples.jobqueue.migrations;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

/** Release 1's schema: a job queue in the style of a PostgreSQL task queue. */
@Migration(id = 1, description = "Create the jobs table")
@CreateTable(
    name = "jobs",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "queue", type = "text", notNull = true),
      @Column(name = "status", type = "text", notNull = true, defaultValue = "'todo'"),
      @Column(name = "args", type = "jsonb", notNull = true, defaultValue = "'{}'"),
      @Column(name = "attempts", type = "integer", notNull = true, defaultValue = "0"),
      @Column(name = "priority", type = "integer", notNull = true, defaultValue = "0"),
      @Column(name = "created_at", type = "timestamptz", notNull = true, defaultValue = "now()")
    })
@CreateIndex(
    table = "jobs",
    name = "jobs_waiting_idx",
    columns = {"queue", "id"},
    where = "status = 'todo'")
public final class M001CreateJobs {}
