-- Straddle migration 3: Split the abort request out of job status
-- Phase: contract
-- Generated from com.example.jobs.AddAbortRequested for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "jobs" VALIDATE CONSTRAINT "jobs_abort_requested_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "jobs";

DROP FUNCTION IF EXISTS "straddle_sync_jobs"();

ALTER TABLE "jobs" ALTER COLUMN "abort_requested" SET NOT NULL;

ALTER TABLE "jobs" DROP CONSTRAINT "jobs_abort_requested_not_null";

COMMIT;
