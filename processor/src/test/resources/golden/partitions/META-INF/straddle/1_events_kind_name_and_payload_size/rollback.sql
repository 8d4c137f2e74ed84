-- Straddle migration 1: Events: kind name and payload size
-- Phase: rollback
-- Generated from com.example.partitions.KindNames for review; the runner executes the plan class, not this file.
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
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"events_kind_name_idx"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"events_kind_name_idx"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"events"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"events"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('events_kind_name_idx' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'events_kind_name_idx' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "events_kind_name_idx";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_payload_size_not_null";

ALTER TABLE "events" DROP COLUMN IF EXISTS "payload_size";

ALTER TABLE "events" DROP CONSTRAINT IF EXISTS "events_kind_name_not_null";

ALTER TABLE "events" DROP COLUMN IF EXISTS "kind_name";

COMMIT;
