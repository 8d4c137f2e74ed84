-- Straddle migration 2: Rename jobs.queue to queue_name
-- Phase: rollback
-- Generated from com.example.procs.RenameQueue for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DROP FUNCTION IF EXISTS "fetch_job_v2"(target_queue text);

DROP FUNCTION IF EXISTS "count_jobs_v2"(target_queue text, only_status text);

ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_queue_name_not_null";

ALTER TABLE "jobs" DROP COLUMN IF EXISTS "queue_name";

COMMIT;
