package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropNotNullDecl;

/**
 * {@code @DropNotNull}: no DDL at expand; the DOWN fragment {@code col := coalesce(col, (down))}
 * stores {@code down} where new code writes NULL while old code runs (NOT NULL still holds, so
 * nothing else can store one), and contract drops NOT NULL (a catalog change) in the transaction
 * that also drops the fragment.
 */
public final class DropNotNullSql implements OperationSql<DropNotNullDecl> {

  @Override
  public void contribute(DropNotNullDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: the drop is at contract; values its down filled stay.
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(
        SchemaExpectation.columnExists(table.toString(), drop.column(), op.subject().type()));
    out.fragment(table, Direction.DOWN, drop.column(), Fill.whereNull(drop.column(), drop.down()));
    out.expectReferences(table, drop.down(), op.columnTypes());
    out.contract(
        ColumnSql.alter(
            table, "ALTER COLUMN " + Identifiers.quote(drop.column()) + " DROP NOT NULL"));
    out.columns(table, op.columns());
  }
}
