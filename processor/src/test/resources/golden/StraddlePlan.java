package com.example.jobs;

import dev.straddle.runtime.IndexBuild;
import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.SqlStatement;
import dev.straddle.runtime.SyncFragment;
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

  private static final List<PlannedMigration> MIGRATIONS = List.of(
      migration1(),
      migration2(),
      migration3(),
      migration4(),
      migration5(),
      migration6());

  private static final List<SchemaExpectation> BASELINE = List.of(
      SchemaExpectation.tableExists("jobs"),
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

  private static PlannedMigration migration1() {
    return new PlannedMigration(
        1,
        "Create the queues table",
        "16c07c2ed91db6a80e07cf064296783eb1e818268818b19cdab0a9eda6bf7b28",
        List.of(
            SqlStatement.inTransaction("CREATE TABLE \"queues\" (\n"
                + "  \"name\" text NOT NULL,\n"
                + "  \"paused\" boolean NOT NULL DEFAULT (false),\n"
                + "  PRIMARY KEY (\"name\")\n"
                + ")")),
        List.of(),
        List.of(),
        List.of(
            SchemaExpectation.tableAbsent("queues")));
  }

  private static PlannedMigration migration2() {
    return new PlannedMigration(
        2,
        "Rename jobs.queue to queue_name",
        "ebc18cf2f18dee1705643002a9c2fd141d7af376590e12efc6ae3a04b41101ae",
        List.of(
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ADD COLUMN \"queue_name\" text"),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_queue_name_not_null\" CHECK (\"queue_name\" IS NOT NULL) NOT VALID")),
        List.of(
            SqlStatement.outsideTransaction("ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_queue_name_not_null\""),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ALTER COLUMN \"queue_name\" SET NOT NULL"),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_queue_name_not_null\""),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP COLUMN \"queue\"")),
        List.of(
            new SyncFragment("jobs", SyncFragment.Direction.UP, "queue_name", "\"queue\""),
            new SyncFragment("jobs", SyncFragment.Direction.DOWN, "queue", "\"queue_name\"")),
        List.of(
            SchemaExpectation.tableExists("jobs"),
            SchemaExpectation.columnExists("jobs", "queue", "text"),
            SchemaExpectation.columnAbsent("jobs", "queue_name")));
  }

  private static PlannedMigration migration3() {
    return new PlannedMigration(
        3,
        "Split the abort request out of job status",
        "6bcf985defd84080200b9e7c8e13602493775b4c202d00bc710fd1fa3e81d799",
        List.of(
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ADD COLUMN \"abort_requested\" boolean DEFAULT (false)"),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_abort_requested_not_null\" CHECK (\"abort_requested\" IS NOT NULL) NOT VALID")),
        List.of(
            SqlStatement.outsideTransaction("ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_abort_requested_not_null\""),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" ALTER COLUMN \"abort_requested\" SET NOT NULL"),
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_abort_requested_not_null\"")),
        List.of(
            new SyncFragment("jobs", SyncFragment.Direction.UP, "abort_requested", "status = 'aborting'")),
        List.of(
            SchemaExpectation.tableExists("jobs"),
            SchemaExpectation.columnAbsent("jobs", "abort_requested"),
            SchemaExpectation.columnExists("jobs", "status", "text")));
  }

  private static PlannedMigration migration4() {
    return new PlannedMigration(
        4,
        "Drop jobs.legacy_flags",
        "90133d0a215ec8b2eac8c64615782e2b25f1cb7a82193c698786f05de29acab3",
        List.of(),
        List.of(
            SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP COLUMN \"legacy_flags\"")),
        List.of(
            new SyncFragment("jobs", SyncFragment.Direction.DOWN, "legacy_flags", "'{}'::jsonb")),
        List.of(
            SchemaExpectation.tableExists("jobs"),
            SchemaExpectation.columnExists("jobs", "legacy_flags", "jsonb")));
  }

  private static PlannedMigration migration5() {
    return new PlannedMigration(
        5,
        "Status no longer says 'aborting'",
        "b87328b253f97727d99f46a961be61782897ed8074516968a49066a7a489e50f",
        List.of(),
        List.of(),
        List.of(
            new SyncFragment("jobs", SyncFragment.Direction.UP, "status", "CASE WHEN status = 'aborting' THEN 'doing' ELSE status END"),
            new SyncFragment("jobs", SyncFragment.Direction.DOWN, "status", "CASE WHEN abort_requested AND status = 'doing' THEN 'aborting' ELSE status END")),
        List.of(
            SchemaExpectation.tableExists("jobs"),
            SchemaExpectation.columnExists("jobs", "status", "text"),
            SchemaExpectation.columnExists("jobs", "abort_requested", "boolean")));
  }

  private static PlannedMigration migration6() {
    return new PlannedMigration(
        6,
        "Index waiting jobs by queue, queue names unique",
        "97cf3be5c9e2a666aeaa92680e6e56df81b16b2f7db7219d6e83260e88592e99",
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new IndexBuild("jobs", "jobs_waiting_idx", "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"jobs_waiting_idx\" ON \"jobs\" (\"queue_name\", \"id\") WHERE (status = 'todo')"),
            new IndexBuild("queues", "queues_name_key", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"queues_name_key\" ON \"queues\" (\"name\")")));
  }
}
