package com.example.procs;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlanCodec;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.ProcedureVersion;
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
  public static final int HEAD = 2;

  private static final List<PlannedMigration> MIGRATIONS = PlanCodec.decode(6, part1());

  private static final List<SchemaExpectation> BASELINE = List.of();

  private static final List<ProcedureVersion> PROCEDURES = List.of(
      new ProcedureVersion("fetch_job", 1, "", 1, "target_queue text", "a5f448fb09e4f077b73971fb1b75c7a055e36a2335097d636ef10506cdb5c48c"),
      new ProcedureVersion("count_jobs", 1, "", 1, "target_queue text, only_status text", "b267bae0e4a1d5d7dcb289d1364ff5c2d26df45f58b5d1d58dc3c4a0165fa1e9"),
      new ProcedureVersion("fetch_job", 2, "", 2, "target_queue text", "708d1a0b278cbfccffdb45e432dda993dd59d5e071c4b5aee285060bcf24659f"),
      new ProcedureVersion("count_jobs", 2, "", 2, "target_queue text, only_status text", "d4b69b7215714b9c544015c563eaf16cc15e762e70e578b19978fcba7bb3857a"));

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

  @Override
  public List<ProcedureVersion> procedures() {
    return PROCEDURES;
  }

  private static String[] part1() {
    return new String[] {
        "9:migration1:121:Create the jobs table64:e2882fb1f1263d736a0a9830ab4172339d04e9974ad8e2f85b8573e58fdcb61f6:expand130:CREATE TABLE \"jobs\" (\n"
            + "  \"id\" bigserial,\n"
            + "  \"queue\" text NOT NULL,\n"
            + "  \"status\" text NOT NULL DEFAULT ('todo'),\n"
            + "  PRIMARY KEY (\"id\")\n"
            + ")6:expand371:CREATE FUNCTION \"fetch_job_v1\"(target_queue text) RETURNS bigint\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "DECLARE\n"
            + "  fetched bigint;\n"
            + "BEGIN\n"
            + "  SELECT id INTO fetched FROM jobs\n"
            + "  WHERE queue = target_queue AND status = 'todo'\n"
            + "  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;\n"
            + "  UPDATE jobs SET status = 'doing' WHERE id = fetched;\n"
            + "  RETURN fetched;\n"
            + "END\n"
            + "$straddle$6:expand261:CREATE FUNCTION \"count_jobs_v1\"(target_queue text, only_status text DEFAULT NULL) RETURNS bigint\n"
            + "LANGUAGE sql STABLE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "SELECT count(*) FROM jobs\n"
            + "WHERE queue = target_queue AND (only_status IS NULL OR status = only_status)\n"
            + "$straddle$12:table absent4:jobs8:rollback57:DROP FUNCTION IF EXISTS \"fetch_job_v1\"(target_queue text)8:rollback76:DROP FUNCTION IF EXISTS \"count_jobs_v1\"(target_queue text, only_status text)8:rollback27:DROP TABLE IF EXISTS \"jobs\"",
        "9:migration1:231:Rename jobs.queue to queue_name64:90b5786b660569fd0654791c4786995ef3695f7bf2751812c7c0b25d237535776:expand47:ALTER TABLE \"jobs\" ADD COLUMN \"queue_name\" text6:expand103:ALTER TABLE \"jobs\" ADD CONSTRAINT \"jobs_queue_name_not_null\" CHECK (\"queue_name\" IS NOT NULL) NOT VALID6:expand376:CREATE FUNCTION \"fetch_job_v2\"(target_queue text) RETURNS bigint\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "DECLARE\n"
            + "  fetched bigint;\n"
            + "BEGIN\n"
            + "  SELECT id INTO fetched FROM jobs\n"
            + "  WHERE queue_name = target_queue AND status = 'todo'\n"
            + "  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;\n"
            + "  UPDATE jobs SET status = 'doing' WHERE id = fetched;\n"
            + "  RETURN fetched;\n"
            + "END\n"
            + "$straddle$6:expand291:CREATE FUNCTION \"count_jobs_v2\"(target_queue text, only_status text DEFAULT NULL) RETURNS bigint\n"
            + "LANGUAGE sql STABLE SECURITY DEFINER\n"
            + "SET search_path = public\n"
            + "AS $straddle$\n"
            + "SELECT count(*) FROM jobs\n"
            + "WHERE queue_name = target_queue AND (only_status IS NULL OR status = only_status)\n"
            + "$straddle$30:contract outside a transaction65:ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"jobs_queue_name_not_null\"8:contract57:DROP FUNCTION IF EXISTS \"fetch_job_v1\"(target_queue text)8:contract76:DROP FUNCTION IF EXISTS \"count_jobs_v1\"(target_queue text, only_status text)8:contract57:ALTER TABLE \"jobs\" ALTER COLUMN \"queue_name\" SET NOT NULL8:contract61:ALTER TABLE \"jobs\" DROP CONSTRAINT \"jobs_queue_name_not_null\"8:contract38:ALTER TABLE \"jobs\" DROP COLUMN \"queue\"2:up4:jobs10:queue_name7:\"queue\"4:down4:jobs5:queue12:\"queue_name\"12:table exists4:jobs13:column exists4:jobs5:queue4:text13:column absent4:jobs10:queue_name8:rollback57:DROP FUNCTION IF EXISTS \"fetch_job_v2\"(target_queue text)8:rollback76:DROP FUNCTION IF EXISTS \"count_jobs_v2\"(target_queue text, only_status text)8:rollback71:ALTER TABLE \"jobs\" DROP CONSTRAINT IF EXISTS \"jobs_queue_name_not_null\"8:rollback53:ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"queue_name\""
    };
  }
}
