-- Straddle migration 3: Drop the legacy notes, mark old purchases
-- Phase: contract
-- Generated from com.example.tables.DropLegacyNotes for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

DROP INDEX CONCURRENTLY IF EXISTS orders_item_idx;

BEGIN;
SET LOCAL lock_timeout = '500ms';

UPDATE purchases SET code = 'old-' || id WHERE code IS NULL;

DROP TABLE "legacy_notes";

ALTER TABLE purchases ALTER COLUMN code SET DEFAULT 'new';

COMMIT;
