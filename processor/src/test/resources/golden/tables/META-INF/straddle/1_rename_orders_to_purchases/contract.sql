-- Straddle migration 1: Rename orders to purchases
-- Phase: contract
-- Generated from com.example.tables.RenameOrders for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DROP VIEW "orders";

COMMIT;
