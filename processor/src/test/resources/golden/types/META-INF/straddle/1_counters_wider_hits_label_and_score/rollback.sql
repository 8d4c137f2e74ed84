-- Straddle migration 1: Counters: wider hits, label and score
-- Phase: rollback
-- Generated from com.example.types.WidenCounters for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.
--
-- Notes:
-- - narrowing counters.label back to varchar(20) rewrites the table under an ACCESS EXCLUSIVE lock (text to varchar without a length excepted) and fails, changing nothing, if a value written since does not fit.
-- - narrowing counters.score back to numeric(8,2) rewrites the table under an ACCESS EXCLUSIVE lock (text to varchar without a length excepted) and fails, changing nothing, if a value written since does not fit.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "counters" ALTER COLUMN "score" TYPE numeric(8,2);

ALTER TABLE "counters" ALTER COLUMN "label" TYPE varchar(20);

ALTER TABLE "counters" DROP COLUMN IF EXISTS "hits_straddle_new";

COMMIT;
