-- Straddle migration 1: Orders: positive quantities, known customers and regions
-- Phase: backfill
-- Generated from com.example.shop.CheckOrders for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "orders"
SET "quantity" = (CASE WHEN (quantity > 0) IS FALSE THEN (1) ELSE "quantity" END);

COMMIT;
