-- Straddle migration 1: Orders: positive quantities, known customers and regions
-- Phase: contract
-- Generated from com.example.shop.CheckOrders for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_quantity_positive";

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_customer_fk";

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_region_fk";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "orders";

DROP FUNCTION IF EXISTS "straddle_sync_orders"();

COMMIT;
