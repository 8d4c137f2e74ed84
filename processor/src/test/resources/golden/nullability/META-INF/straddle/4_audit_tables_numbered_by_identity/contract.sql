-- Straddle migration 4: Audit tables numbered by identity columns
-- Phase: contract
-- Generated from com.example.nulls.AuditTables for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
