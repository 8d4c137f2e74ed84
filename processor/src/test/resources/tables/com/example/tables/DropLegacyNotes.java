package com.example.tables;

import dev.straddle.dsl.DropTable;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RawSql;

@Migration(id = 3, description = "Drop the legacy notes, mark old purchases")
@DropTable(name = "legacy_notes")
@RawSql(
    expandOutsideTransaction =
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS purchases_lower_item_idx ON purchases (lower(item))",
    expand = "CREATE VIEW purchase_counts AS SELECT item, count(*) AS n FROM purchases GROUP BY item;",
    contractData = "UPDATE purchases SET code = 'old-' || id WHERE code IS NULL",
    contract = "ALTER TABLE purchases ALTER COLUMN code SET DEFAULT 'new'",
    contractOutsideTransaction = "DROP INDEX CONCURRENTLY IF EXISTS orders_item_idx",
    rollbackOutsideTransaction = "DROP INDEX CONCURRENTLY IF EXISTS purchases_lower_item_idx",
    rollback = "DROP VIEW IF EXISTS purchase_counts",
    locks = "purchases")
final class DropLegacyNotes {}
