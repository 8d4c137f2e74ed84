-- Straddle migration 3: Drop the legacy notes, mark old purchases
-- Phase: backfill
-- Generated from com.example.tables.DropLegacyNotes for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

-- Nothing to backfill: this migration computes no new column.
