-- Straddle migration 1: Counters: wider hits, label and score
-- Phase: contract
-- Generated from com.example.types.WidenCounters for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "counters" VALIDATE CONSTRAINT "counters_hits_straddle_new_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "counters";

DROP FUNCTION IF EXISTS "straddle_sync_counters"();

DO $straddle$
DECLARE
  dependents text;
BEGIN
  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
    INTO dependents
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = '"counters"'::regclass
     AND a.attname = 'hits'
     AND d.classid <> 'pg_attrdef'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE d.classid = 'pg_class'::regclass
                     AND s.oid = d.objid AND s.relkind = 'S');
  IF dependents IS NULL THEN
    SELECT CASE WHEN attidentity <> '' THEN 'its identity sequence'
                WHEN attgenerated <> '' THEN 'its generation expression' END
      INTO dependents
      FROM pg_attribute WHERE attrelid = '"counters"'::regclass AND attname = 'hits';
  END IF;
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'column %.% cannot change its type in place: % depend(s) on it',
      '"counters"', 'hits', dependents
      USING HINT = 'a swap would drop them with the old column; see docs/ARCHITECTURE.md, "Column type changes"';
  END IF;
END
$straddle$;

ALTER TABLE "counters" DROP COLUMN "hits";

ALTER TABLE "counters" RENAME COLUMN "hits_straddle_new" TO "hits";

ALTER TABLE "counters" ALTER COLUMN "hits" SET NOT NULL;

ALTER TABLE "counters" DROP CONSTRAINT "counters_hits_straddle_new_not_null";

ALTER TABLE "counters" ALTER COLUMN "hits" SET DEFAULT (0);

COMMIT;
