-- Straddle migration 2: Audit the queue key, retire the hand-written SQL
-- Phase: contract
-- Generated from com.example.trig.AuditQueueKey for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "jobs";

DROP FUNCTION IF EXISTS "straddle_sync_jobs"();

DROP TRIGGER "jobs_touch" ON "jobs";

DROP FUNCTION IF EXISTS "audit_job_v1"();

DROP FUNCTION IF EXISTS "count_jobs"(text);

DROP FUNCTION IF EXISTS "count_jobs"(text, text);

DROP FUNCTION IF EXISTS "touch_job"();

COMMIT;
