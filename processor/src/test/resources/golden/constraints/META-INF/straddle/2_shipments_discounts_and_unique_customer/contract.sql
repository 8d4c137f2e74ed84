-- Straddle migration 2: Shipments, discounts and unique customer emails
-- Phase: contract
-- Generated from com.example.shop.Shipments for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_discount_not_null";

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_discount_range";

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_gift_for_fk";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "orders" ALTER COLUMN "discount" SET NOT NULL;

ALTER TABLE "orders" DROP CONSTRAINT "orders_discount_not_null";

ALTER TABLE "customers" ADD CONSTRAINT "customers_email_key" UNIQUE USING INDEX "customers_email_key";

COMMIT;
