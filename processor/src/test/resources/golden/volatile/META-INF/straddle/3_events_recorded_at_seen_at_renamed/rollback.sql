-- Straddle migration 3: Events: recorded_at, seen_at renamed
-- Phase: rollback
-- Generated from com.example.vol.Events for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_observed_at_not_null";

ALTER TABLE "events" DROP COLUMN IF EXISTS "observed_at";

ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_recorded_at_not_null";

ALTER TABLE "events" DROP COLUMN IF EXISTS "recorded_at";

COMMIT;
