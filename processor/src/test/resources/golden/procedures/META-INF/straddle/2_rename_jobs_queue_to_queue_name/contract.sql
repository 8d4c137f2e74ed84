-- Straddle migration 2: Rename jobs.queue to queue_name
-- Phase: contract
-- Generated from com.example.procs.RenameQueue for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "jobs" VALIDATE CONSTRAINT "jobs_queue_name_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "jobs";

DROP FUNCTION IF EXISTS "straddle_sync_jobs"();

DROP FUNCTION IF EXISTS "fetch_job_v1"(target_queue text);

DROP FUNCTION IF EXISTS "count_jobs_v1"(target_queue text, only_status text);

ALTER TABLE "jobs" ALTER COLUMN "queue_name" SET NOT NULL;

ALTER TABLE "jobs" DROP CONSTRAINT "jobs_queue_name_not_null";

ALTER TABLE "jobs" DROP COLUMN "queue";

COMMIT;
