-- Straddle migration 2: Audit the queue key, retire the hand-written SQL
-- Phase: rollback
-- Generated from com.example.trig.AuditQueueKey for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DROP TRIGGER IF EXISTS "jobs_audit" ON "jobs";

CREATE TRIGGER "jobs_audit" BEFORE INSERT OR UPDATE OF "status" ON "jobs"
FOR EACH ROW
WHEN (NEW.status <> 'deleted')
EXECUTE FUNCTION "audit_job_v1"();

DROP FUNCTION IF EXISTS "audit_job_v2"();

DROP FUNCTION IF EXISTS "count_jobs_v1"(target_queue text);

ALTER TABLE "job_audit" DROP COLUMN IF EXISTS "queue_key";

ALTER TABLE "jobs" DROP COLUMN IF EXISTS "queue_key";

COMMIT;
