-- Straddle migration 2: Shipments, discounts and unique customer emails
-- Phase: rollback
-- Generated from com.example.shop.Shipments for review; the runner executes the plan class, not this file.
-- Run by `rollback` while the migration is expanded or backfilled, never once it is
-- contracted. In the same transaction the runner rebuilds the sync trigger of each table
-- the migration had fragments on, from the migrations still in flight (dropped when none
-- is), and records the rollback in the history. Values the backfill and the sync trigger
-- wrote into columns that stay are kept.

-- Outside a transaction, each on its own (idempotent):

DO $straddle$
DECLARE
  p record;
BEGIN
  -- a partitioned table's index cannot be dropped concurrently
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"customers_email_key"')) = 'I' THEN
    EXECUTE format('DROP INDEX %s', '"customers_email_key"');
  END IF;
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('"customers"')) = 'p' THEN
    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree('"customers"') t
        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.level > 0 AND octet_length('customers_email_key' || '_' || c.relname) <= 63
    LOOP
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, 'customers_email_key' || '_' || p.relname);
    END LOOP;
  END IF;
END
$straddle$;

DROP INDEX CONCURRENTLY IF EXISTS "customers_email_key";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "orders_gift_for_fk";

ALTER TABLE "shipments" DROP CONSTRAINT IF EXISTS "shipments_order_fk";

ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "orders_discount_range";

ALTER TABLE "shipments" DROP CONSTRAINT IF EXISTS "shipments_weight_positive";

ALTER TABLE "orders" DROP COLUMN IF EXISTS "gift_for";

ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "orders_discount_not_null";

ALTER TABLE "orders" DROP COLUMN IF EXISTS "discount";

DROP TABLE IF EXISTS "shipments";

COMMIT;
