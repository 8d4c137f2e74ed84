package dev.straddle.examples.jobqueue.migrations;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AlterColumn;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.DropColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.Procedure;
import dev.straddle.dsl.RenameColumn;

/**
 * Release 2: an abort request becomes a flag of its own instead of the status {@code aborting};
 * {@code queue} is renamed {@code queue_name}; the unused {@code priority} goes away. {@code
 * fetch_job} version 2 reads the new shape; version 1 stays for release 1 until contract.
 */
@Migration(id = 2, description = "Split the abort request out of job status")
@AddColumn(
    table = "jobs",
    column = "abort_requested",
    type = "boolean",
    notNull = true,
    defaultValue = "false",
    up = "status = 'aborting'")
@AlterColumn(
    table = "jobs",
    column = "status",
    down = "CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END")
@RenameColumn(table = "jobs", from = "queue", to = "queue_name")
@DropColumn(table = "jobs", column = "priority", down = "0")
@CreateIndex(
    table = "jobs",
    name = "jobs_waiting_by_queue_name_idx",
    columns = {"queue_name", "id"},
    where = "status = 'todo'")
@Procedure(
    name = "fetch_job",
    version = 2,
    arguments = "target_queue text",
    returns = "bigint",
    language = Procedure.Language.SQL,
    body =
        """
        UPDATE jobs SET status = 'doing', attempts = attempts + 1
        WHERE id = (
          SELECT id FROM jobs WHERE queue_name = target_queue AND status = 'todo'
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id
        """)
public final class M002SplitAbortRequest {}
