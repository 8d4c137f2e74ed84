-- Straddle migration 2: Audit the priority too, retire the hand-written SQL
-- Phase: backfill
-- Generated from com.example.trig.AuditPriority for review; the runner executes the plan class, not this file.
-- The runner fills pre-existing rows in keyset batches over the primary key, each
-- batch its own short transaction with its cursor checkpointed, and only touches
-- rows written before expand (their xmin is older than the snapshot expand took):
-- rows written since went through the sync trigger and are never overwritten.
-- Below is the equivalent for the whole table in one statement, for review.

-- Nothing to backfill: this migration computes no new column.
