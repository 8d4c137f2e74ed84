-- Straddle migration 5: Status no longer says 'aborting'
-- Phase: contract
-- Generated from com.example.jobs.StatusWithoutAborting for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "jobs";

DROP FUNCTION IF EXISTS "straddle_sync_jobs"();

COMMIT;
