-- Straddle migration 3: Orders name their contact by email
-- Phase: contract
-- Generated from com.example.shop.ContactByEmail for review; the runner executes the plan class, not this file.

-- Outside a transaction, each on its own (idempotent):

ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_contact_fk";

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "orders" RENAME CONSTRAINT "orders_quantity_positive" TO "orders_quantity_check";

ALTER TABLE "orders" DROP CONSTRAINT "orders_customer_fk";

COMMIT;
