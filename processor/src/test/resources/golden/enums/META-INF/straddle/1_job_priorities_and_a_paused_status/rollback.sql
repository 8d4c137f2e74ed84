-- Straddle migration 1: Job priorities, and a paused status
-- Phase: rollback
-- Generated from com.example.enums.AddPriority for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.
--
-- Notes:
-- - the label 'paused' stays in type "job_status": PostgreSQL cannot drop a label (a later @DropEnumValue can); applied again, the migration adds it IF NOT EXISTS.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_paused_has_note";

ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_priority_not_null";

ALTER TABLE "jobs" DROP COLUMN IF EXISTS "priority";

DROP TYPE IF EXISTS "priority_level";

COMMIT;
