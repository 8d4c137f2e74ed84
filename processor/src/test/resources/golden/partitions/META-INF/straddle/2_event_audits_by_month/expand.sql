-- Straddle migration 2: Event audits by month
-- Phase: expand
-- Generated from com.example.partitions.CreateAudits for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TABLE "event_audits" (
  "id" bigint,
  "audited_at" timestamptz,
  "note" text NOT NULL,
  PRIMARY KEY ("id", "audited_at")
) PARTITION BY RANGE (audited_at);

COMMIT;
