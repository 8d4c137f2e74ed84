-- Straddle migration 5: Tickets: position renamed to place
-- Phase: contract
-- Generated from com.example.vol.Positions for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "tickets" VALIDATE CONSTRAINT "tickets_place_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "tickets";

DROP FUNCTION IF EXISTS "straddle_sync_tickets"();

ALTER TABLE "tickets" ALTER COLUMN "place" SET NOT NULL;

ALTER TABLE "tickets" DROP CONSTRAINT "tickets_place_not_null";

DO $straddle$
DECLARE
  owned text := pg_get_serial_sequence('"tickets"', 'position');
BEGIN
  IF owned IS NOT NULL THEN
    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', owned, '"tickets"', 'place');
  END IF;
END
$straddle$;

ALTER TABLE "tickets" DROP COLUMN "position";

COMMIT;
