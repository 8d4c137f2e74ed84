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

-- events is partitioned, and PostgreSQL builds no index concurrently on a partitioned table:
-- the runner creates the parent's index ON ONLY the table (a catalog change; it stays
-- INVALID until every partition's index is attached),
BEGIN;
SET LOCAL lock_timeout = '500ms';
CREATE INDEX IF NOT EXISTS "events_kind_name_idx" ON ONLY "events" ("kind_name", "id");
COMMIT;

-- then, for each partition <p> of events the catalog lists when it runs (a sub-partitioned
-- one gets its own ON ONLY index, filled the same way; one whose index is attached
-- already is skipped; the name <index>_<p> is fitted to 63 bytes):
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS "events_kind_name_idx_<p>" ON <p> ("kind_name", "id");
--   BEGIN; SET LOCAL lock_timeout = '500ms';
--   ALTER INDEX "events_kind_name_idx" ATTACH PARTITION "events_kind_name_idx_<p>";
--   COMMIT;
-- PostgreSQL makes "events_kind_name_idx" valid when the last partition's index is attached.
