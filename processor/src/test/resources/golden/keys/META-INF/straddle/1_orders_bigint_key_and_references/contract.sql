-- Straddle migration 1: Orders: bigint key and references
-- Phase: contract
-- Generated from com.example.keys.WidenOrderKey for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "order_lines" VALIDATE CONSTRAINT "order_lines_order_id_straddle_new_not_null";

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_id_straddle_new_not_null";

BEGIN;
SET LOCAL lock_timeout = '500ms';

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "order_lines";

DROP FUNCTION IF EXISTS "straddle_sync_order_lines"();

-- The sync trigger goes when no migration of the table is in flight any more (here: this one alone).
DROP TRIGGER IF EXISTS "_straddle_sync" ON "orders";

DROP FUNCTION IF EXISTS "straddle_sync_orders"();

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

DO $straddle$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = to_regclass('"order_lines"') AND a.attname = 'order_id'
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
       AND ((c.conrelid = a.attrelid AND c.conkey[1] = a.attnum)
         OR (c.confrelid = a.attrelid AND c.confkey[1] = a.attnum))
     ORDER BY c.conrelid, c.conname
  LOOP
    PERFORM set_config('straddle.foreign_keys', (coalesce(nullif(current_setting('straddle.foreign_keys', true), ''), '[]')::jsonb
      || jsonb_build_array(to_jsonb(fk)))::text, true);
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
END
$straddle$;

ALTER TABLE "order_lines" DROP COLUMN "order_id";

ALTER TABLE "order_lines" RENAME COLUMN "order_id_straddle_new" TO "order_id";

ALTER TABLE "order_lines" ALTER COLUMN "order_id" SET NOT NULL;

ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_order_id_straddle_new_not_null";

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

DO $straddle$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = to_regclass('"orders"') AND a.attname = 'id'
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
       AND ((c.conrelid = a.attrelid AND c.conkey[1] = a.attnum)
         OR (c.confrelid = a.attrelid AND c.confkey[1] = a.attnum))
     ORDER BY c.conrelid, c.conname
  LOOP
    PERFORM set_config('straddle.foreign_keys', (coalesce(nullif(current_setting('straddle.foreign_keys', true), ''), '[]')::jsonb
      || jsonb_build_array(to_jsonb(fk)))::text, true);
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
END
$straddle$;

DO $straddle$
DECLARE
  owned text := pg_get_serial_sequence('"orders"', 'id');
BEGIN
  IF owned IS NOT NULL THEN
    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', owned, '"orders"', 'id_straddle_new');
    EXECUTE format('ALTER SEQUENCE %s AS bigint', owned);
  END IF;
END
$straddle$;

ALTER TABLE "orders" DROP COLUMN "id";

ALTER TABLE "orders" RENAME COLUMN "id_straddle_new" TO "id";

ALTER TABLE "orders" ALTER COLUMN "id" SET NOT NULL;

ALTER TABLE "orders" DROP CONSTRAINT "orders_id_straddle_new_not_null";

ALTER TABLE "orders" ALTER COLUMN "id" SET DEFAULT (nextval('orders_id_seq'::regclass));

ALTER TABLE "orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY USING INDEX "orders_id_straddle_key";

DO $straddle$
DECLARE
  fk jsonb;
BEGIN
  -- the foreign keys the swaps above dropped, against the swapped columns
  FOR fk IN SELECT jsonb_array_elements(coalesce(nullif(current_setting('straddle.foreign_keys', true), ''), '[]')::jsonb)
  LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID',
      fk->>'tbl', fk->>'conname', fk->>'definition');
  END LOOP;
  PERFORM set_config('straddle.foreign_keys', '', true);
END
$straddle$;

COMMIT;

-- After the transaction, outside it, each on its own (idempotent; the history records
-- that they are owed, and a rerun of the runner finishes them):

DO $straddle$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, c.conname
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = to_regclass('"order_lines"') AND a.attname = 'order_id'
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
       AND ((c.conrelid = a.attrelid AND c.conkey[1] = a.attnum)
         OR (c.confrelid = a.attrelid AND c.confkey[1] = a.attnum))
       AND NOT c.convalidated
     ORDER BY c.conrelid, c.conname
  LOOP
    EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
END
$straddle$;

DO $straddle$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, c.conname
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = to_regclass('"orders"') AND a.attname = 'id'
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
       AND ((c.conrelid = a.attrelid AND c.conkey[1] = a.attnum)
         OR (c.confrelid = a.attrelid AND c.confkey[1] = a.attnum))
       AND NOT c.convalidated
     ORDER BY c.conrelid, c.conname
  LOOP
    EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', fk.tbl, fk.conname);
  END LOOP;
END
$straddle$;
