package com.example.jobs;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlanCodec;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.runtime.cli.StraddleCli;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The Straddle migrations of this build, generated from their declarations.
 */
@Generated("dev.straddle.processor.StraddleProcessor")
public final class StraddlePlan implements MigrationPlan {
  /**
   * The highest migration id compiled into this build.
   */
  public static final int HEAD = 6;

  private static final List<PlannedMigration> MIGRATIONS = PlanCodec.decode(5, part1());

  private static final List<SchemaExpectation> BASELINE = List.of(
      SchemaExpectation.tableExists("jobs"),
      SchemaExpectation.partitioning("jobs", ""),
      SchemaExpectation.columnExists("jobs", "id", "bigint"),
      SchemaExpectation.columnExists("jobs", "queue", "text"),
      SchemaExpectation.columnExists("jobs", "status", "text"),
      SchemaExpectation.columnExists("jobs", "legacy_flags", "jsonb"));

  @Override
  public int head() {
    return HEAD;
  }

  @Override
  public List<PlannedMigration> migrations() {
    return MIGRATIONS;
  }

  @Override
  public List<SchemaExpectation> baseline() {
    return BASELINE;
  }

  /**
   * Runs the Straddle command line on this plan.
   */
  public static void main(String[] args) {
    StraddleCli.main(new StraddlePlan(), args);
  }

  private static String[] part1() {
    return new String[] {
        "migration", "1", "Create the queues table", "16c07c2ed91db6a80e07cf064296783eb1e818268818b19cdab0a9eda6bf7b28",
        "expand", "CREATE TABLE \"queues\" (\n"
            + "  \"name\" text NOT NULL,\n"
            + "  \"paused\" boolean NOT NULL DEFAULT (false),\n"
            + "  PRIMARY KEY (\"name\")\n"
            + ")",
        "table absent", "queues",
        "rollback", "DROP TABLE IF EXISTS \"queues\"",

        "migration", "2", "Rename jobs.queue to queue_name", "ebc18cf2f18dee1705643002a9c2fd141d7af376590e12efc6ae3a04b41101ae",
        "expand", "ALTER TABLE \"jobs\" ADD COLUMN \"queue_name\" text",
        "expand", "ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_queue_name_not_null\" CHECK (\"queue_name\" IS NOT NULL) NOT VALID",
        "contract outside a transaction", "ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_queue_name_not_null\"",
        "contract", "ALTER TABLE \"jobs\" ALTER COLUMN \"queue_name\" SET NOT NULL",
        "contract", "ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_queue_name_not_null\"",
        "contract", "ALTER TABLE \"jobs\" DROP COLUMN \"queue\"",
        "up", "jobs", "queue_name", "\"queue\"",
        "down", "jobs", "queue", "\"queue_name\"",
        "table exists", "jobs",
        "column exists", "jobs", "queue", "text",
        "column absent", "jobs", "queue_name",
        "rollback", "ALTER TABLE \"jobs\" DROP CONSTRAINT IF EXISTS \"jobs_queue_name_not_null\"",
        "rollback", "ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"queue_name\"",

        "migration", "3", "Split the abort request out of job status", "6bcf985defd84080200b9e7c8e13602493775b4c202d00bc710fd1fa3e81d799",
        "expand", "ALTER TABLE \"jobs\" ADD COLUMN \"abort_requested\" boolean DEFAULT (false)",
        "expand", "ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_abort_requested_not_null\" CHECK (\"abort_requested\" IS NOT NULL) NOT VALID",
        "contract outside a transaction", "ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_abort_requested_not_null\"",
        "contract", "ALTER TABLE \"jobs\" ALTER COLUMN \"abort_requested\" SET NOT NULL",
        "contract", "ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_abort_requested_not_null\"",
        "up", "jobs", "abort_requested", "status = 'aborting'",
        "table exists", "jobs",
        "column absent", "jobs", "abort_requested",
        "column exists", "jobs", "status", "text",
        "rollback", "ALTER TABLE \"jobs\" DROP CONSTRAINT IF EXISTS \"jobs_abort_requested_not_null\"",
        "rollback", "ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"abort_requested\"",

        "migration", "4", "Drop jobs.legacy_flags", "90133d0a215ec8b2eac8c64615782e2b25f1cb7a82193c698786f05de29acab3",
        "contract", "ALTER TABLE \"jobs\" DROP COLUMN \"legacy_flags\"",
        "down", "jobs", "legacy_flags", "'{}'::jsonb",
        "table exists", "jobs",
        "column exists", "jobs", "legacy_flags", "jsonb",

        "migration", "5", "Status no longer says 'aborting'", "a24a6bfcfca0ce6c4913591623de7dc5a526a70e8e94564012866a45505d8e3b",
        "down", "jobs", "status", "CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END",
        "table exists", "jobs",
        "column exists", "jobs", "status", "text",
        "column exists", "jobs", "abort_requested", "boolean",

        "migration", "6", "Index waiting jobs by queue, queue names unique", "97cf3be5c9e2a666aeaa92680e6e56df81b16b2f7db7219d6e83260e88592e99",
        "index", "jobs", "jobs_waiting_idx", "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"jobs_waiting_idx\" ON \"jobs\" (\"queue_name\", \"id\") WHERE (status = 'todo')",
        "index", "queues", "queues_name_key", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"queues_name_key\" ON \"queues\" (\"name\")",
        "rollback outside a transaction", "DO $straddle$\n"
            + "DECLARE\n"
            + "  p record;\n"
            + "BEGIN\n"
            + "  -- a partitioned table's index cannot be dropped concurrently\n"
            + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('\"queues_name_key\"')) = 'I' THEN\n"
            + "    EXECUTE format('DROP INDEX %s', '\"queues_name_key\"');\n"
            + "  END IF;\n"
            + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('\"queues\"')) = 'p' THEN\n"
            + "    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('\"queues\"') t\n"
            + "        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            + "        WHERE t.level > 0 AND octet_length('queues_name_key' || '_' || c.relname) <= 63\n"
            + "    LOOP\n"
            + "      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'queues_name_key' || '_' || p.relname);\n"
            + "    END LOOP;\n"
            + "  END IF;\n"
            + "END\n"
            + "$straddle$",
        "rollback outside a transaction", "DROP INDEX CONCURRENTLY IF EXISTS \"queues_name_key\"",
        "rollback outside a transaction", "DO $straddle$\n"
            + "DECLARE\n"
            + "  p record;\n"
            + "BEGIN\n"
            + "  -- a partitioned table's index cannot be dropped concurrently\n"
            + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('\"jobs_waiting_idx\"')) = 'I' THEN\n"
            + "    EXECUTE format('DROP INDEX %s', '\"jobs_waiting_idx\"');\n"
            + "  END IF;\n"
            + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('\"jobs\"')) = 'p' THEN\n"
            + "    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('\"jobs\"') t\n"
            + "        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            + "        WHERE t.level > 0 AND octet_length('jobs_waiting_idx' || '_' || c.relname) <= 63\n"
            + "    LOOP\n"
            + "      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'jobs_waiting_idx' || '_' || p.relname);\n"
            + "    END LOOP;\n"
            + "  END IF;\n"
            + "END\n"
            + "$straddle$",
        "rollback outside a transaction", "DROP INDEX CONCURRENTLY IF EXISTS \"jobs_waiting_idx\""
    };
  }
}
