-- Straddle migration 1: Job priorities, and a paused status
-- Phase: expand
-- Generated from com.example.enums.AddPriority for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TYPE "job_status" ADD VALUE IF NOT EXISTS 'paused' AFTER 'running';

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TYPE "priority_level" AS ENUM ('low', 'high');

ALTER TABLE "jobs" ADD COLUMN "priority" priority_level DEFAULT ('low');

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_priority_not_null" CHECK ("priority" IS NOT NULL) NOT VALID;

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_paused_has_note" CHECK (status <> 'paused' OR note IS NOT NULL) NOT VALID;

COMMIT;
