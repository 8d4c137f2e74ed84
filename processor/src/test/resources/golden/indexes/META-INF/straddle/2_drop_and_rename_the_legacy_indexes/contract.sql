-- Straddle migration 2: Drop and rename the legacy indexes
-- Phase: contract
-- Generated from com.example.accounts.AdoptLegacyIndexes for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

DROP INDEX CONCURRENTLY IF EXISTS "accounts_email_legacy_idx";

DROP INDEX CONCURRENTLY IF EXISTS "accounts_created_legacy_idx";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER INDEX "accounts_region_legacy_idx" RENAME TO "accounts_region_old_idx";

ALTER INDEX "accounts_region_covering" RENAME TO "accounts_region_idx";

COMMIT;
