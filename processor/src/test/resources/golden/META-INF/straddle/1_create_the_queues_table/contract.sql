-- Straddle migration 1: Create the queues table
-- Phase: contract
-- Generated from com.example.jobs.CreateQueues for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
