-- Straddle migration 3: Drop the legacy notes, mark old purchases
-- Phase: expand
-- Generated from com.example.tables.DropLegacyNotes for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

CREATE INDEX CONCURRENTLY IF NOT EXISTS purchases_lower_item_idx ON purchases (lower(item));

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE VIEW purchase_counts AS SELECT item, count(*) AS n FROM purchases GROUP BY item;

COMMIT;
