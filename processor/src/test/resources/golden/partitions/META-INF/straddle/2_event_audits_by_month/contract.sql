-- Straddle migration 2: Event audits by month
-- Phase: contract
-- Generated from com.example.partitions.CreateAudits for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
