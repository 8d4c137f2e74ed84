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

  private static final List<PlannedMigration> MIGRATIONS = PlanCodec.decode(5, part1());

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
        "migration", "1", "Audit status changes of jobs", "9a8ee857ad5c53eaf4027b6154279d9a0e4e6ba1bc1de6b13bb3f4979a7f7502",
        "expand", "CREATE TABLE \"job_audit\" (\n"
            + "  \"id\" bigserial,\n"
            + "  \"job_id\" bigint NOT NULL,\n"
            + "  \"status\" text NOT NULL,\n"
            + "  \"audited_by\" text NOT NULL,\n"
            + "  PRIMARY KEY (\"id\")\n"
            + ")",
        "expand", "CREATE FUNCTION \"audit_job_v1\"() RETURNS trigger\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "BEGIN\n"
            + "  INSERT INTO job_audit (job_id, status, audited_by)\n"
            + "  VALUES (NEW.id, NEW.status, 'audit_job_v1');\n"
            + "  RETURN NEW;\n"
            + "END\n"
            + "$straddle$",
        "expand", "CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v1\"()",
        "table absent", "job_audit",
        "table exists", "jobs",
        "trigger absent", "jobs", "jobs_audit",
        "column exists", "jobs", "status", "text",
        "function exists", "", "count_jobs", "text",
        "rollback", "DROP TRIGGER IF EXISTS \"jobs_audit\" ON \"jobs\"",
        "rollback", "DROP FUNCTION IF EXISTS \"audit_job_v1\"()",
        "rollback", "DROP TABLE IF EXISTS \"job_audit\"",

        "migration", "2", "Audit the queue key, retire the hand-written SQL", "fcdcd2e9f4438573196d7021e1e029f24c6ef629ee2569d7f03ea165ed7f0ab0",
        "expand", "ALTER TABLE \"jobs\" ADD COLUMN \"queue_key\" text",
        "expand", "ALTER TABLE \"job_audit\" ADD COLUMN \"queue_key\" text",
        "expand", "CREATE FUNCTION \"audit_job_v2\"() RETURNS trigger\n"
            + "LANGUAGE plpgsql VOLATILE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "BEGIN\n"
            + "  INSERT INTO job_audit (job_id, status, queue_key, audited_by)\n"
            + "  VALUES (NEW.id, NEW.status, NEW.queue_key, 'audit_job_v2');\n"
            + "  RETURN NEW;\n"
            + "END\n"
            + "$straddle$",
        "expand", "CREATE FUNCTION \"count_jobs_v1\"(target_queue text) RETURNS bigint\n"
            + "LANGUAGE sql STABLE SECURITY INVOKER\n"
            + "AS $straddle$\n"
            + "SELECT count(*) FROM jobs WHERE queue = target_queue\n"
            + "$straddle$",
        "expand", "DROP TRIGGER \"jobs_audit\" ON \"jobs\"",
        "expand", "CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v2\"()",
        "contract", "DROP TRIGGER \"jobs_touch\" ON \"jobs\"",
        "contract", "DROP FUNCTION IF EXISTS \"audit_job_v1\"()",
        "contract", "DROP FUNCTION IF EXISTS \"count_jobs\"(text)",
        "contract", "DROP FUNCTION IF EXISTS \"count_jobs\"(text, text)",
        "contract", "DROP FUNCTION IF EXISTS \"touch_job\"()",
        "up", "jobs", "queue_key", "upper(queue)",
        "table exists", "jobs",
        "column absent", "jobs", "queue_key",
        "column exists", "jobs", "queue", "text",
        "table exists", "job_audit",
        "column absent", "job_audit", "queue_key",
        "trigger exists", "jobs", "jobs_touch",
        "function exists", "", "count_jobs", "text, text",
        "function exists", "", "touch_job", "",
        "trigger exists", "jobs", "jobs_audit",
        "rollback", "DROP TRIGGER IF EXISTS \"jobs_audit\" ON \"jobs\"",
        "rollback", "CREATE TRIGGER \"jobs_audit\" BEFORE INSERT OR UPDATE OF \"status\" ON \"jobs\"\n"
            + "FOR EACH ROW\n"
            + "WHEN (NEW.status <> 'deleted')\n"
            + "EXECUTE FUNCTION \"audit_job_v1\"()",
        "rollback", "DROP FUNCTION IF EXISTS \"audit_job_v2\"()",
        "rollback", "DROP FUNCTION IF EXISTS \"count_jobs_v1\"(target_queue text)",
        "rollback", "ALTER TABLE \"job_audit\" DROP COLUMN IF EXISTS \"queue_key\"",
        "rollback", "ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"queue_key\""
    };
  }
}
