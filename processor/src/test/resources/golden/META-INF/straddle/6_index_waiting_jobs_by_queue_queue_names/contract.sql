-- Straddle migration 6: Index waiting jobs by queue, queue names unique
-- Phase: contract
-- Generated from com.example.jobs.IndexJobs for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
