-- Straddle migration 6: Index waiting jobs by queue, queue names unique
-- Phase: rollback
-- Generated from com.example.jobs.IndexJobs for review; the runner executes the plan class, not this file.
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
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"queues_name_key"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"queues_name_key"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"queues"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"queues"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('queues_name_key' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'queues_name_key' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "queues_name_key";

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"jobs_waiting_idx"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"jobs_waiting_idx"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"jobs"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"jobs"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('jobs_waiting_idx' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'jobs_waiting_idx' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "jobs_waiting_idx";
