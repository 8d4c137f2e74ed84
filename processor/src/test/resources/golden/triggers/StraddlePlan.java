package com.example.trig;

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

  private static final List<SchemaExpectation> BASELINE = List.of(
      SchemaExpectation.tableExists("jobs"),
      SchemaExpectation.partitioning("jobs", ""),
      SchemaExpectation.columnExists("jobs", "id", "bigint"),
      SchemaExpectation.columnExists("jobs", "queue", "text"),
      SchemaExpectation.columnExists("jobs", "status", "text"),
      SchemaExpectation.columnExists("jobs", "touches", "integer"));

  private static final List<ProcedureVersion> PROCEDURES = List.of(
      new ProcedureVersion("audit_job", 1, "", 1, "", "12841282d647d79473225a106aeec63c63e4eb4906a01709abbbbf8c0bb2b2a5"),
      new ProcedureVersion("audit_job", 2, "", 2, "", "8f70b6cd4ac3ca648e8efa0cbf73075f1c3e1b66e58517694cf332c65c947a3f"),
      new ProcedureVersion("count_jobs", 1, "", 2, "target_queue text", "ae0a4a7d57faf7599508a6ec9523bdd7e08694f672b239b2fe78285a7dfdb7c5"));

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
        "9:migration1:128:Audit status changes of jobs64:9a8ee857ad5c53eaf4027b6154279d9a0e4e6ba1bc1de6b13bb3f4979a7f75026:expand151:CREATE TABLE \"job_audit\" (\n"
            + "  \"id\" bigserial,\n"
            + "  \"job_id\" bigint NOT NULL,\n"
            + "  \"status\" text NOT NULL,\n"
            + "  \"audited_by\" text NOT NULL,\n"
            + "  PRIMARY KEY (\"id\")\n"
            + ")6:expand240:CREATE FUNCTION \"audit_job_v1\"() RETURNS trigger\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "BEGIN\n"
            + "  INSERT INTO job_audit (job_id, status, audited_by)\n"
            + "  VALUES (NEW.id, NEW.status, 'audit_job_v1');\n"
            + "  RETURN NEW;\n"
            + "END\n"
            + "$straddle$6:expand151:CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v1\"()12:table absent9:job_audit12:table exists4:jobs14:trigger absent4:jobs10:jobs_audit13:column exists4:jobs6:status4:text15:function exists0:10:count_jobs4:text8:rollback45:DROP TRIGGER IF EXISTS \"jobs_audit\" ON \"jobs\"8:rollback40:DROP FUNCTION IF EXISTS \"audit_job_v1\"()8:rollback32:DROP TABLE IF EXISTS \"job_audit\"",
        "9:migration1:248:Audit the queue key, retire the hand-written SQL64:fcdcd2e9f4438573196d7021e1e029f24c6ef629ee2569d7f03ea165ed7f0ab06:expand46:ALTER TABLE \"jobs\" ADD COLUMN \"queue_key\" text6:expand51:ALTER TABLE \"job_audit\" ADD COLUMN \"queue_key\" text6:expand266:CREATE FUNCTION \"audit_job_v2\"() RETURNS trigger\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "BEGIN\n"
            + "  INSERT INTO job_audit (job_id, status, queue_key, audited_by)\n"
            + "  VALUES (NEW.id, NEW.status, NEW.queue_key, 'audit_job_v2');\n"
            + "  RETURN NEW;\n"
            + "END\n"
            + "$straddle$6:expand180:CREATE FUNCTION \"count_jobs_v1\"(target_queue text) RETURNS bigint\n"
            + "LANGUAGE sql STABLE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "SELECT count(*) FROM jobs WHERE queue = target_queue\n"
            + "$straddle$6:expand35:DROP TRIGGER \"jobs_audit\" ON \"jobs\"6:expand151:CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v2\"()8:contract35:DROP TRIGGER \"jobs_touch\" ON \"jobs\"8:contract40:DROP FUNCTION IF EXISTS \"audit_job_v1\"()8:contract42:DROP FUNCTION IF EXISTS \"count_jobs\"(text)8:contract48:DROP FUNCTION IF EXISTS \"count_jobs\"(text, text)8:contract37:DROP FUNCTION IF EXISTS \"touch_job\"()2:up4:jobs9:queue_key12:upper(queue)12:table exists4:jobs13:column absent4:jobs9:queue_key13:column exists4:jobs5:queue4:text12:table exists9:job_audit13:column absent9:job_audit9:queue_key14:trigger exists4:jobs10:jobs_touch15:function exists0:10:count_jobs10:text, text15:function exists0:9:touch_job0:14:trigger exists4:jobs10:jobs_audit8:rollback45:DROP TRIGGER IF EXISTS \"jobs_audit\" ON \"jobs\"8:rollback151:CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v1\"()8:rollback40:DROP FUNCTION IF EXISTS \"audit_job_v2\"()8:rollback58:DROP FUNCTION IF EXISTS \"count_jobs_v1\"(target_queue text)8:rollback57:ALTER TABLE \"job_audit\" DROP COLUMN IF EXISTS \"queue_key\"8:rollback52:ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"queue_key\""
    };
  }
}
