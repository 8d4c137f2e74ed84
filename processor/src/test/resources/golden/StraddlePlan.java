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

  private static final List<PlannedMigration> MIGRATIONS = PlanCodec.decode(6, part1());

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
        "9:migration1:123:Create the queues table64:16c07c2ed91db6a80e07cf064296783eb1e818268818b19cdab0a9eda6bf7b286:expand117:CREATE TABLE \"queues\" (\n"
            + "  \"name\" text NOT NULL,\n"
            + "  \"paused\" boolean NOT NULL DEFAULT (false),\n"
            + "  PRIMARY KEY (\"name\")\n"
            + ")12:table absent6:queues8:rollback29:DROP TABLE IF EXISTS \"queues\"",
        "9:migration1:231:Rename jobs.queue to queue_name64:ebc18cf2f18dee1705643002a9c2fd141d7af376590e12efc6ae3a04b41101ae6:expand47:ALTER TABLE \"jobs\" ADD COLUMN \"queue_name\" text6:expand103:ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_queue_name_not_null\" CHECK (\"queue_name\" IS NOT NULL) NOT VALID30:contract outside a transaction65:ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_queue_name_not_null\"8:contract57:ALTER TABLE \"jobs\" ALTER COLUMN \"queue_name\" SET NOT NULL8:contract61:ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_queue_name_not_null\"8:contract38:ALTER TABLE \"jobs\" DROP COLUMN \"queue\"2:up4:jobs10:queue_name7:\"queue\"4:down4:jobs5:queue12:\"queue_name\"12:table exists4:jobs13:column exists4:jobs5:queue4:text13:column absent4:jobs10:queue_name8:rollback71:ALTER TABLE \"jobs\" DROP CONSTRAINT IF EXISTS \"jobs_queue_name_not_null\"8:rollback53:ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"queue_name\"",
        "9:migration1:341:Split the abort request out of job status64:6bcf985defd84080200b9e7c8e13602493775b4c202d00bc710fd1fa3e81d7996:expand71:ALTER TABLE \"jobs\" ADD COLUMN \"abort_requested\" boolean DEFAULT (false)6:expand113:ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_abort_requested_not_null\" CHECK (\"abort_requested\" IS NOT NULL) NOT VALID30:contract outside a transaction70:ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_abort_requested_not_null\"8:contract62:ALTER TABLE \"jobs\" ALTER COLUMN \"abort_requested\" SET NOT NULL8:contract66:ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_abort_requested_not_null\"2:up4:jobs15:abort_requested19:status = 'aborting'12:table exists4:jobs13:column absent4:jobs15:abort_requested13:column exists4:jobs6:status4:text8:rollback76:ALTER TABLE \"jobs\" DROP CONSTRAINT IF EXISTS \"jobs_abort_requested_not_null\"8:rollback58:ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"abort_requested\"",
        "9:migration1:422:Drop jobs.legacy_flags64:90133d0a215ec8b2eac8c64615782e2b25f1cb7a82193c698786f05de29acab38:contract45:ALTER TABLE \"jobs\" DROP COLUMN \"legacy_flags\"4:down4:jobs12:legacy_flags11:'{}'::jsonb12:table exists4:jobs13:column exists4:jobs12:legacy_flags5:jsonb",
        "9:migration1:532:Status no longer says 'aborting'64:a24a6bfcfca0ce6c4913591623de7dc5a526a70e8e94564012866a45505d8e3b4:down4:jobs6:status78:CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END12:table exists4:jobs13:column exists4:jobs6:status4:text13:column exists4:jobs15:abort_requested7:boolean",
        "9:migration1:647:Index waiting jobs by queue, queue names unique64:97cf3be5c9e2a666aeaa92680e6e56df81b16b2f7db7219d6e83260e88592e995:index4:jobs16:jobs_waiting_idx113:CREATE INDEX CONCURRENTLY IF NOT EXISTS \"jobs_waiting_idx\" ON \"jobs\" (\"queue_name\", \"id\") WHERE (status = 'todo')5:index6:queues15:queues_name_key85:CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"queues_name_key\" ON \"queues\" (\"name\")30:rollback outside a transaction751:DO $straddle$\n"
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
            + "$straddle$30:rollback outside a transaction51:DROP INDEX CONCURRENTLY IF EXISTS \"queues_name_key\"30:rollback outside a transaction751:DO $straddle$\n"
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
            + "$straddle$30:rollback outside a transaction52:DROP INDEX CONCURRENTLY IF EXISTS \"jobs_waiting_idx\""
    };
  }
}
