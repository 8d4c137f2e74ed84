-- Straddle migration 1: Create the queues table
-- Phase: expand
-- Generated from com.example.jobs.CreateQueues for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TABLE "queues" (
  "name" text NOT NULL,
  "paused" boolean NOT NULL DEFAULT (false),
  PRIMARY KEY ("name")
);

COMMIT;
