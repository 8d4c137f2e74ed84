-- Straddle migration 1: Audit status changes of jobs
-- Phase: rollback
-- Generated from com.example.trig.AuditJobs for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DROP TRIGGER IF EXISTS "jobs_audit" ON "jobs";

DROP FUNCTION IF EXISTS "audit_job_v1"();

DROP TABLE IF EXISTS "job_audit";

COMMIT;
