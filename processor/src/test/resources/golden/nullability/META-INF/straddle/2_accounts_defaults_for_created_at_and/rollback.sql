-- Straddle migration 2: Accounts: defaults for created_at and token, none for plan
-- Phase: rollback
-- Generated from com.example.nulls.AccountDefaults for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "accounts" ALTER COLUMN "token" DROP DEFAULT;

ALTER TABLE "accounts" ALTER COLUMN "created_at" DROP DEFAULT;

COMMIT;
