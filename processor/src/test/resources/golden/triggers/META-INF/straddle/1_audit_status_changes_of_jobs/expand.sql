-- Straddle migration 1: Audit status changes of jobs
-- Phase: expand
-- Generated from com.example.trig.AuditJobs for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TABLE "job_audit" (
  "id" bigserial,
  "job_id" bigint NOT NULL,
  "status" text NOT NULL,
  "audited_by" text NOT NULL,
  PRIMARY KEY ("id")
);

CREATE FUNCTION "audit_job_v1"() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
AS $straddle$
BEGIN
  INSERT INTO job_audit (job_id, status, audited_by)
  VALUES (NEW.id, NEW.status, 'audit_job_v1');
  RETURN NEW;
END
$straddle$;

CREATE TRIGGER "jobs_audit" BEFORE INSERT OR UPDATE OF "status" ON "jobs"
FOR EACH ROW
WHEN (NEW.status <> 'deleted')
EXECUTE FUNCTION "audit_job_v1"();

COMMIT;
