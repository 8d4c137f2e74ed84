-- Straddle migration 6: Index waiting jobs by queue, queue names unique
-- Phase: backfill
-- Generated from com.example.jobs.IndexJobs for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

-- No rows to fill.

-- Then the indexes, built concurrently, each on its own outside any transaction (the
-- runner drops an INVALID leftover of a failed build and builds it again):

CREATE INDEX CONCURRENTLY IF NOT EXISTS "jobs_waiting_idx" ON "jobs" ("queue_name", "id") WHERE (status = 'todo');

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "queues_name_key" ON "queues" ("name");
