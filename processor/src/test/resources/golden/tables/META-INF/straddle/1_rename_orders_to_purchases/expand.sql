-- Straddle migration 1: Rename orders to purchases
-- Phase: expand
-- Generated from com.example.tables.RenameOrders for review; the runner executes the plan class, not this file.

BEGIN;
SET LOCAL lock_timeout = '500ms';

DO $straddle$
BEGIN
  IF (SELECT relrowsecurity FROM pg_class WHERE oid = '"orders"'::regclass) THEN
    RAISE EXCEPTION 'table orders has row level security, which a view of its old name would bypass for the running release';
  END IF;
END
$straddle$;

ALTER TABLE "orders" RENAME TO "purchases";

CREATE VIEW "orders" AS SELECT * FROM "purchases";

DO $straddle$
DECLARE
  g record;
BEGIN
  FOR g IN
    SELECT a.privilege_type AS privilege,
           CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee
    FROM pg_class c CROSS JOIN aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = '"purchases"'::regclass AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('GRANT %s ON "orders" TO %s', g.privilege, g.grantee);
  END LOOP;
END
$straddle$;

ALTER TABLE "customers" REPLICA IDENTITY FULL;

COMMIT;
