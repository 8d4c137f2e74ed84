-- Straddle migration 2: Shipments, discounts and unique customer emails
-- Phase: expand
-- Generated from com.example.shop.Shipments for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

CREATE TABLE "shipments" (
  "id" bigserial,
  "order_id" bigint NOT NULL,
  "weight" numeric NOT NULL,
  PRIMARY KEY ("id")
);

ALTER TABLE "orders" ADD COLUMN "discount" integer DEFAULT (0);

ALTER TABLE "orders" ADD CONSTRAINT "orders_discount_not_null" CHECK ("discount" IS NOT NULL) NOT VALID;

ALTER TABLE "orders" ADD COLUMN "gift_for" bigint;

ALTER TABLE "shipments" ADD CONSTRAINT "shipments_weight_positive" CHECK (weight > 0);

ALTER TABLE "orders" ADD CONSTRAINT "orders_discount_range" CHECK (discount BETWEEN 0 AND 100) NOT VALID;

ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_fk" FOREIGN KEY ("order_id") REFERENCES "orders" ON DELETE CASCADE;

ALTER TABLE "orders" ADD CONSTRAINT "orders_gift_for_fk" FOREIGN KEY ("gift_for") REFERENCES "customers" ON DELETE SET NULL NOT VALID;

COMMIT;
