-- Straddle migration 2: Purchases know their total
-- Phase: backfill
-- Generated from com.example.tables.PurchaseTotals for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "purchases"
SET "total" = (qty * 10);

COMMIT;
