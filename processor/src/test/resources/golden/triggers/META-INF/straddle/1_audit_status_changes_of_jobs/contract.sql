-- Straddle migration 1: Audit status changes of jobs
-- Phase: contract
-- Generated from com.example.trig.AuditJobs for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
