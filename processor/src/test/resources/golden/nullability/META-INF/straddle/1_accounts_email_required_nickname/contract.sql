-- Straddle migration 1: Accounts: email required, nickname optional
-- Phase: contract
-- Generated from com.example.nulls.EmailRequired for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "accounts" VALIDATE CONSTRAINT "accounts_email_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "accounts";

DROP FUNCTION IF EXISTS "straddle_sync_accounts"();

ALTER TABLE "accounts" ALTER COLUMN "email" SET NOT NULL;

ALTER TABLE "accounts" DROP CONSTRAINT "accounts_email_not_null";

ALTER TABLE "accounts" ALTER COLUMN "nickname" DROP NOT NULL;

COMMIT;
