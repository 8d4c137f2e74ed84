-- Straddle migration 1: Tokens: a secret per row, token renamed
-- Phase: contract
-- Generated from com.example.vol.Tokens for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "tokens" VALIDATE CONSTRAINT "tokens_secret_not_null";

ALTER TABLE "tokens" VALIDATE CONSTRAINT "tokens_created_at_not_null";

ALTER TABLE "tokens" VALIDATE CONSTRAINT "tokens_public_token_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "tokens";

DROP FUNCTION IF EXISTS "straddle_sync_tokens"();

ALTER TABLE "tokens" ALTER COLUMN "secret" SET NOT NULL;

ALTER TABLE "tokens" DROP CONSTRAINT "tokens_secret_not_null";

ALTER TABLE "tokens" ALTER COLUMN "created_at" SET NOT NULL;

ALTER TABLE "tokens" DROP CONSTRAINT "tokens_created_at_not_null";

ALTER TABLE "tokens" ALTER COLUMN "public_token" SET NOT NULL;

ALTER TABLE "tokens" DROP CONSTRAINT "tokens_public_token_not_null";

ALTER TABLE "tokens" DROP COLUMN "token";

COMMIT;
