-- Straddle migration 2: Visits: bigint key
-- Phase: contract
-- Generated from com.example.types.WidenVisitKey for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "visits" VALIDATE CONSTRAINT "visits_id_straddle_new_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "visits";

DROP FUNCTION IF EXISTS "straddle_sync_visits"();

DO $straddle$
DECLARE
  dependents text;
BEGIN
  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
    INTO dependents
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = '"visits"'::regclass
     AND a.attname = 'id'
     AND d.classid <> 'pg_attrdef'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE d.classid = 'pg_class'::regclass
                     AND s.oid = d.objid AND s.relkind = 'S')
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE d.classid = 'pg_constraint'::regclass
                     AND c.oid = d.objid AND c.contype = 'p' AND c.conrelid = d.refobjid
                     AND cardinality(c.conkey) = 1);
  IF dependents IS NULL THEN
    SELECT CASE WHEN attidentity <> '' THEN 'its identity sequence'
                WHEN attgenerated <> '' THEN 'its generation expression' END
      INTO dependents
      FROM pg_attribute WHERE attrelid = '"visits"'::regclass AND attname = 'id';
  END IF;
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'column %.% cannot change its type in place: % depend(s) on it',
      '"visits"', 'id', dependents
      USING HINT = 'a swap would drop them with the old column; see docs/ARCHITECTURE.md, "Column type changes"';
  END IF;
END
$straddle$;

DO $straddle$
DECLARE
  owned text := pg_get_serial_sequence('"visits"', 'id');
BEGIN
  IF owned IS NOT NULL THEN
    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', owned, '"visits"', 'id_straddle_new');
    EXECUTE format('ALTER SEQUENCE %s AS bigint', owned);
  END IF;
END
$straddle$;

ALTER TABLE "visits" DROP COLUMN "id";

ALTER TABLE "visits" RENAME COLUMN "id_straddle_new" TO "id";

ALTER TABLE "visits" ALTER COLUMN "id" SET NOT NULL;

ALTER TABLE "visits" DROP CONSTRAINT "visits_id_straddle_new_not_null";

ALTER TABLE "visits" ALTER COLUMN "id" SET DEFAULT (nextval('visits_id_seq'::regclass));

ALTER TABLE "visits" ADD CONSTRAINT "visits_pkey" PRIMARY KEY USING INDEX "visits_id_straddle_key";

COMMIT;
