-- Straddle migration 3: Orders name their contact by email
-- Phase: expand
-- Generated from com.example.shop.ContactByEmail for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

ALTER TABLE "orders" ADD CONSTRAINT "orders_contact_fk" FOREIGN KEY ("contact_email") REFERENCES "customers" ("email") ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;

COMMIT;
