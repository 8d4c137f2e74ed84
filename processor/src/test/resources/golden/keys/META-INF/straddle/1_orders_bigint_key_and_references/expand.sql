-- Straddle migration 1: Orders: bigint key and references
-- Phase: expand
-- Generated from com.example.keys.WidenOrderKey for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DO $straddle$
DECLARE
  dependents text;
BEGIN
  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid)
         || CASE WHEN fk.oid IS NULL THEN ''
                 WHEN NOT fk.convalidated THEN ' (NOT VALID: validate it first)'
                 ELSE format(' (declare @ChangeColumnType(table = "%s", column = "%s", type = "%s") in the same migration)', fk.conrelid::regclass, fa.attname, 'bigint') END, ', ')
    INTO dependents
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    LEFT JOIN pg_constraint fk ON d.classid = 'pg_constraint'::regclass AND fk.oid = d.objid
                              AND fk.contype = 'f' AND cardinality(fk.conkey) = 1
    LEFT JOIN pg_attribute fa ON fa.attrelid = fk.conrelid AND fa.attnum = fk.conkey[1]
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = '"order_lines"'::regclass
     AND a.attname = 'order_id'
     AND d.classid <> 'pg_attrdef'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE d.classid = 'pg_class'::regclass
                     AND s.oid = d.objid AND s.relkind = 'S')
     -- foreign keys the swap re-creates: on the column, or from a column widened beside it
     AND NOT coalesce(fk.convalidated AND (
           (fk.conrelid = d.refobjid AND fk.conkey[1] = d.refobjsubid)
           OR (fk.conrelid::regclass, fa.attname::text) IN ((to_regclass('"order_lines"'), 'order_id'), (to_regclass('"orders"'), 'id'))), false);
  IF dependents IS NULL THEN
    SELECT CASE WHEN attidentity <> '' THEN 'its identity sequence'
                WHEN attgenerated <> '' THEN 'its generation expression' END
      INTO dependents
      FROM pg_attribute WHERE attrelid = '"order_lines"'::regclass AND attname = 'order_id';
  END IF;
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'column %.% cannot change its type in place: % depend(s) on it',
      '"order_lines"', 'order_id', dependents
      USING HINT = 'a swap would drop them with the old column; see docs/ARCHITECTURE.md, "Column type changes"';
  END IF;
END
$straddle$;

ALTER TABLE "order_lines" ADD COLUMN "order_id_straddle_new" bigint;

ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_straddle_new_not_null" CHECK ("order_id_straddle_new" IS NOT NULL) NOT VALID;

DO $straddle$
DECLARE
  dependents text;
BEGIN
  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid)
         || CASE WHEN fk.oid IS NULL THEN ''
                 WHEN NOT fk.convalidated THEN ' (NOT VALID: validate it first)'
                 ELSE format(' (declare @ChangeColumnType(table = "%s", column = "%s", type = "%s") in the same migration)', fk.conrelid::regclass, fa.attname, 'bigint') END, ', ')
    INTO dependents
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    LEFT JOIN pg_constraint fk ON d.classid = 'pg_constraint'::regclass AND fk.oid = d.objid
                              AND fk.contype = 'f' AND cardinality(fk.conkey) = 1
    LEFT JOIN pg_attribute fa ON fa.attrelid = fk.conrelid AND fa.attnum = fk.conkey[1]
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = '"orders"'::regclass
     AND a.attname = 'id'
     AND d.classid <> 'pg_attrdef'::regclass
     AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE d.classid = 'pg_class'::regclass
                     AND s.oid = d.objid AND s.relkind = 'S')
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE d.classid = 'pg_constraint'::regclass
                     AND c.oid = d.objid AND c.contype = 'p' AND c.conrelid = d.refobjid
                     AND cardinality(c.conkey) = 1)
     -- foreign keys the swap re-creates: on the column, or from a column widened beside it
     AND NOT coalesce(fk.convalidated AND (
           (fk.conrelid = d.refobjid AND fk.conkey[1] = d.refobjsubid)
           OR (fk.conrelid::regclass, fa.attname::text) IN ((to_regclass('"order_lines"'), 'order_id'), (to_regclass('"orders"'), 'id'))), false);
  IF dependents IS NULL THEN
    SELECT CASE WHEN attidentity <> '' THEN 'its identity sequence'
                WHEN attgenerated <> '' THEN 'its generation expression' END
      INTO dependents
      FROM pg_attribute WHERE attrelid = '"orders"'::regclass AND attname = 'id';
  END IF;
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'column %.% cannot change its type in place: % depend(s) on it',
      '"orders"', 'id', dependents
      USING HINT = 'a swap would drop them with the old column; see docs/ARCHITECTURE.md, "Column type changes"';
  END IF;
END
$straddle$;

ALTER TABLE "orders" ADD COLUMN "id_straddle_new" bigint;

ALTER TABLE "orders" ADD CONSTRAINT "orders_id_straddle_new_not_null" CHECK ("id_straddle_new" IS NOT NULL) NOT VALID;

-- Sync trigger of order_lines as it is when this migration is the only one in flight on the table.
-- The runner composes the real function from every in-flight migration of the table.
CREATE OR REPLACE FUNCTION "straddle_sync_order_lines"() RETURNS trigger
LANGUAGE plpgsql AS $straddle$
-- Generated by Straddle: keeps both shapes of order_lines in sync while migrations 1 are in flight.
-- Writers say which migrations they know with the session setting straddle.head (none: 0).
DECLARE
  straddle_head int := coalesce(nullif(current_setting('straddle.head', true), ''), '0')::int;
BEGIN
  -- migration 1: writers that know it get the old shape from the new
  IF straddle_head >= 1 THEN
    NEW."order_id_straddle_new" := NEW."order_id";
  END IF;
  -- migration 1: writers that predate it get the new shape from the old
  IF straddle_head < 1 THEN
    NEW."order_id_straddle_new" := NEW."order_id";
  END IF;
  RETURN NEW;
END
$straddle$;

DROP TRIGGER IF EXISTS "_straddle_sync" ON "order_lines";

CREATE TRIGGER "_straddle_sync" BEFORE INSERT OR UPDATE ON "order_lines" FOR EACH ROW
  WHEN (current_setting('straddle.head', true) IS DISTINCT FROM '-1')  -- the runner's backfill sets the new columns itself
  EXECUTE FUNCTION "straddle_sync_order_lines"();

-- Sync trigger of orders as it is when this migration is the only one in flight on the table.
-- The runner composes the real function from every in-flight migration of the table.
CREATE OR REPLACE FUNCTION "straddle_sync_orders"() RETURNS trigger
LANGUAGE plpgsql AS $straddle$
-- Generated by Straddle: keeps both shapes of orders in sync while migrations 1 are in flight.
-- Writers say which migrations they know with the session setting straddle.head (none: 0).
DECLARE
  straddle_head int := coalesce(nullif(current_setting('straddle.head', true), ''), '0')::int;
BEGIN
  -- migration 1: writers that know it get the old shape from the new
  IF straddle_head >= 1 THEN
    NEW."id_straddle_new" := NEW."id";
  END IF;
  -- migration 1: writers that predate it get the new shape from the old
  IF straddle_head < 1 THEN
    NEW."id_straddle_new" := NEW."id";
  END IF;
  RETURN NEW;
END
$straddle$;

DROP TRIGGER IF EXISTS "_straddle_sync" ON "orders";

CREATE TRIGGER "_straddle_sync" BEFORE INSERT OR UPDATE ON "orders" FOR EACH ROW
  WHEN (current_setting('straddle.head', true) IS DISTINCT FROM '-1')  -- the runner's backfill sets the new columns itself
  EXECUTE FUNCTION "straddle_sync_orders"();

COMMIT;
