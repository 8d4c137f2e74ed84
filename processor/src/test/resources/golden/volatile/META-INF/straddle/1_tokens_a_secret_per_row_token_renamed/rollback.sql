-- Straddle migration 1: Tokens: a secret per row, token renamed
-- Phase: rollback
-- Generated from com.example.vol.Tokens for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "tokens" DROP CONSTRAINT IF EXISTS "tokens_public_token_not_null";

ALTER TABLE "tokens" DROP COLUMN IF EXISTS "public_token";

ALTER TABLE "tokens" DROP CONSTRAINT IF EXISTS "tokens_created_at_not_null";

ALTER TABLE "tokens" DROP COLUMN IF EXISTS "created_at";

ALTER TABLE "tokens" DROP CONSTRAINT IF EXISTS "tokens_secret_not_null";

ALTER TABLE "tokens" DROP COLUMN IF EXISTS "secret";

COMMIT;
