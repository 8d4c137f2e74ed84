-- Straddle migration 1: Create the jobs table
-- Phase: expand
-- Generated from com.example.procs.CreateJobs for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TABLE "jobs" (
  "id" bigserial,
  "queue" text NOT NULL,
  "status" text NOT NULL DEFAULT ('todo'),
  PRIMARY KEY ("id")
);

CREATE FUNCTION "fetch_job_v1"(target_queue text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
AS $straddle$
DECLARE
  fetched bigint;
BEGIN
  SELECT id INTO fetched FROM jobs
  WHERE queue = target_queue AND status = 'todo'
  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
  UPDATE jobs SET status = 'doing' WHERE id = fetched;
  RETURN fetched;
END
$straddle$;

CREATE FUNCTION "count_jobs_v1"(target_queue text, only_status text DEFAULT NULL) RETURNS bigint
LANGUAGE sql STABLE SECURITY INVOKER
AS $straddle$
SELECT count(*) FROM jobs
WHERE queue = target_queue AND (only_status IS NULL OR status = only_status)
$straddle$;

COMMIT;
