-- Straddle migration 1: Counters: wider hits, label and score
-- Phase: backfill
-- Generated from com.example.types.WidenCounters for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "counters"
SET "hits_straddle_new" = ("hits");

COMMIT;

-- Then the indexes, built concurrently, each on its own outside any transaction (the
-- runner drops an INVALID leftover of a failed build and builds it again):

-- every plain index on "hits", built again on "hits_straddle_new" (its definition read from the catalog at run time, the column replaced), named straddle_<md5 of its name>
