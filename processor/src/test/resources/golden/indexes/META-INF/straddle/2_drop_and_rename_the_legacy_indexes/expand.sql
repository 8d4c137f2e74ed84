-- Straddle migration 2: Drop and rename the legacy indexes
-- Phase: expand
-- Generated from com.example.accounts.AdoptLegacyIndexes for review; the runner executes the plan class, not this file.

-- Nothing to do in this phase.
