-- Straddle migration 1: Events: kind name and payload size
-- Phase: contract
-- Generated from com.example.partitions.KindNames for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "events" VALIDATE CONSTRAINT "events_kind_name_not_null";

ALTER TABLE "events" VALIDATE CONSTRAINT "events_payload_size_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "events";

DROP FUNCTION IF EXISTS "straddle_sync_events"();

ALTER TABLE "events" ALTER COLUMN "kind_name" SET NOT NULL;

ALTER TABLE "events" DROP CONSTRAINT "events_kind_name_not_null";

ALTER TABLE "events" DROP COLUMN "kind";

ALTER TABLE "events" ALTER COLUMN "payload_size" SET NOT NULL;

ALTER TABLE "events" DROP CONSTRAINT "events_payload_size_not_null";

COMMIT;
