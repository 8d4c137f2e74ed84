-- Straddle migration 2: Accounts: defaults for created_at and token, none for plan
-- Phase: expand
-- Generated from com.example.nulls.AccountDefaults for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "accounts" ALTER COLUMN "created_at" SET DEFAULT (now());

ALTER TABLE "accounts" ALTER COLUMN "token" SET DEFAULT (gen_random_uuid());

COMMIT;
