-- Straddle migration 2: Audit the priority too, retire the hand-written SQL
-- Phase: expand
-- Generated from com.example.trig.AuditPriority for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "jobs" ADD COLUMN "priority" integer DEFAULT (0);

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_priority_not_null" CHECK ("priority" IS NOT NULL) NOT VALID;

ALTER TABLE "job_audit" ADD COLUMN "priority" integer;

CREATE FUNCTION "audit_job_v2"() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
AS $straddle$
BEGIN
  INSERT INTO job_audit (job_id, status, priority, audited_by)
  VALUES (NEW.id, NEW.status, NEW.priority, 'audit_job_v2');
  RETURN NULL;
END
$straddle$;

CREATE FUNCTION "count_jobs_v1"(target_queue text) RETURNS bigint
LANGUAGE sql STABLE SECURITY INVOKER
AS $straddle$
SELECT count(*) FROM jobs WHERE queue = target_queue
$straddle$;

DROP TRIGGER "jobs_audit" ON "jobs";

CREATE TRIGGER "jobs_audit" AFTER INSERT OR UPDATE OF "status" ON "jobs"
FOR EACH ROW
WHEN (NEW.status <> 'deleted')
EXECUTE FUNCTION "audit_job_v2"();

COMMIT;
