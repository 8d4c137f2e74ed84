-- Straddle migration 4: Samples: jitter, weight renamed
-- Phase: contract
-- Generated from com.example.vol.Samples for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "samples" VALIDATE CONSTRAINT "samples_score_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "samples";

DROP FUNCTION IF EXISTS "straddle_sync_samples"();

ALTER TABLE "samples" ALTER COLUMN "score" SET NOT NULL;

ALTER TABLE "samples" DROP CONSTRAINT "samples_score_not_null";

ALTER TABLE "samples" DROP COLUMN "weight";

COMMIT;
