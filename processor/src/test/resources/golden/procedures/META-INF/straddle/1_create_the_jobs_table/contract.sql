-- Straddle migration 1: Create the jobs table
-- Phase: contract
-- Generated from com.example.procs.CreateJobs for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
