-- Straddle migration 2: Audit the priority too, retire the hand-written SQL
-- Phase: contract
-- Generated from com.example.trig.AuditPriority for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "jobs" VALIDATE CONSTRAINT "jobs_priority_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

DROP TRIGGER "jobs_touch" ON "jobs";

DROP FUNCTION IF EXISTS "audit_job_v1"();

ALTER TABLE "jobs" ALTER COLUMN "priority" SET NOT NULL;

ALTER TABLE "jobs" DROP CONSTRAINT "jobs_priority_not_null";

DROP FUNCTION IF EXISTS "count_jobs"(text);

DROP FUNCTION IF EXISTS "count_jobs"(text, text);

DROP FUNCTION IF EXISTS "touch_job"();

COMMIT;
