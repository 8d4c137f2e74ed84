-- Straddle migration 1: Orders: bigint key and references
-- Phase: backfill
-- Generated from com.example.keys.WidenOrderKey for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "order_lines"
SET "order_id_straddle_new" = ("order_id");

UPDATE "orders"
SET "id_straddle_new" = ("id");

COMMIT;

-- Then the indexes, built concurrently, each on its own outside any transaction (the
-- runner drops an INVALID leftover of a failed build and builds it again):

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "orders_id_straddle_key" ON "orders" ("id_straddle_new");
