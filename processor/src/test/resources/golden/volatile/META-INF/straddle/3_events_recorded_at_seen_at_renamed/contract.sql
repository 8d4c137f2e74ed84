-- Straddle migration 3: Events: recorded_at, seen_at renamed
-- Phase: contract
-- Generated from com.example.vol.Events for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "events" VALIDATE CONSTRAINT "events_recorded_at_not_null";

ALTER TABLE "events" VALIDATE CONSTRAINT "events_observed_at_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "events";

DROP FUNCTION IF EXISTS "straddle_sync_events"();

ALTER TABLE "events" ALTER COLUMN "recorded_at" SET NOT NULL;

ALTER TABLE "events" DROP CONSTRAINT "events_recorded_at_not_null";

ALTER TABLE "events" ALTER COLUMN "observed_at" SET NOT NULL;

ALTER TABLE "events" DROP CONSTRAINT "events_observed_at_not_null";

ALTER TABLE "events" DROP COLUMN "seen_at";

COMMIT;
