-- Straddle migration 2: Purchases know their total
-- Phase: contract
-- Generated from com.example.tables.PurchaseTotals for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "purchases";

DROP FUNCTION IF EXISTS "straddle_sync_purchases"();

COMMIT;
