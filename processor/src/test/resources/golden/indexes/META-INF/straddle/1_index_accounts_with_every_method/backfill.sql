-- Straddle migration 1: Index accounts with every method
-- Phase: backfill
-- Generated from com.example.accounts.IndexAccounts for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

BEGIN;
SET LOCAL straddle.head = '-1';  -- the sync trigger leaves the backfill's rows alone

UPDATE "accounts"
SET "nickname" = (split_part(email, '@', 1));

COMMIT;

-- Then the indexes, built concurrently, each on its own outside any transaction (the
-- runner drops an INVALID leftover of a failed build and builds it again):

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_profile_gin" ON "accounts" USING gin ("profile" "jsonb_path_ops") WITH (fastupdate = off);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_email_hash" ON "accounts" USING hash ("email") WITH (fillfactor = 80);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_created_brin" ON "accounts" USING brin ("created_at") WITH (pages_per_range = 32, autosummarize = on);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_location_gist" ON "accounts" USING gist ("location") INCLUDE ("region") WITH (buffering = auto);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_region_covering" ON "accounts" ("region") INCLUDE ("email") WITH (fillfactor = 70, deduplicate_items = off) WHERE (region IS NOT NULL);

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "accounts_email_lower_key" ON "accounts" ((lower(email)) "text_pattern_ops");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "accounts_nickname_idx" ON "accounts" ("region", (lower(nickname)) "text_pattern_ops");
