-- Straddle migration 3: Accounts: comments
-- Phase: expand
-- Generated from com.example.nulls.AccountComments for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

COMMENT ON TABLE "accounts" IS 'One row per customer''s account';

COMMENT ON COLUMN "accounts"."email" IS 'Required since migration 1';

COMMIT;
