-- Straddle migration 1: Index accounts with every method
-- Phase: rollback
-- Generated from com.example.accounts.IndexAccounts for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

-- Outside a transaction, each on its own (idempotent):

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_nickname_idx"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_nickname_idx"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_nickname_idx' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_nickname_idx' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_nickname_idx";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_email_lower_key"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_email_lower_key"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_email_lower_key' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_email_lower_key' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_email_lower_key";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_region_covering"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_region_covering"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_region_covering' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_region_covering' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_region_covering";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_location_gist"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_location_gist"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_location_gist' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_location_gist' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_location_gist";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_created_brin"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_created_brin"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_created_brin' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_created_brin' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_created_brin";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_email_hash"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_email_hash"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_email_hash' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_email_hash' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_email_hash";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts_profile_gin"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"accounts_profile_gin"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"accounts"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"accounts"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('accounts_profile_gin' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'accounts_profile_gin' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "accounts_profile_gin";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "accounts" DROP COLUMN IF EXISTS "nickname";

COMMIT;
