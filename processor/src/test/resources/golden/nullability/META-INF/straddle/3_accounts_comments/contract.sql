-- Straddle migration 3: Accounts: comments
-- Phase: contract
-- Generated from com.example.nulls.AccountComments for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
