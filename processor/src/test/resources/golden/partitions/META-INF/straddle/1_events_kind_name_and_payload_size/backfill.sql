-- Straddle migration 1: Events: kind name and payload size
-- Phase: backfill
-- Generated from com.example.partitions.KindNames for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "events"
SET "kind_name" = ("kind"),
    "payload_size" = (coalesce(length(payload), 0));

COMMIT;

-- Then the indexes, built concurrently, each on its own outside any transaction (the
-- runner drops an INVALID leftover of a failed build and builds it again):

CREATE INDEX CONCURRENTLY IF NOT EXISTS "events_kind_name_idx" ON "events" ("kind_name", "id");
