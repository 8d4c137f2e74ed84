-- Straddle migration 1: Job priorities, and a paused status
-- Phase: contract
-- Generated from com.example.enums.AddPriority for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "jobs" VALIDATE CONSTRAINT "jobs_priority_not_null";

ALTER TABLE "jobs" VALIDATE CONSTRAINT "jobs_paused_has_note";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "jobs" ALTER COLUMN "priority" SET NOT NULL;

ALTER TABLE "jobs" DROP CONSTRAINT "jobs_priority_not_null";

COMMIT;
