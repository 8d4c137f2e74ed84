package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.NotNullCheck;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.SetNotNullDecl;

/**
 * {@code @SetNotNull}: the NOT NULL check of {@link NotNullSql} (NOT VALID at expand; validated
 * outside the transaction, {@code SET NOT NULL} and the check dropped at contract), and the UP
 * fragment {@code col := coalesce(col, (up))}, which the sync trigger applies to old writers and
 * the backfill to the rows that predate the expand.
 */
public final class SetNotNullSql implements OperationSql<SetNotNullDecl> {

  @Override
  public void contribute(SetNotNullDecl set, ResolvedOperation op, MigrationPieces out) {
    // Its inverse (the check dropped) comes with NotNullSql.add; values its up filled stay.
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnExists(table.toString(), set.column(), op.subject().type()));
    out.expect(
        SchemaExpectation.constraintAbsent(
            table.toString(), NotNullCheck.constraintName(table, set.column())));
    NotNullSql.add(table, set.column(), out);
    out.fragment(table, Direction.UP, set.column(), Fill.whereNull(set.column(), set.up()));
    out.expectReferences(table, set.up(), op.columnTypes());
    out.columns(table, op.columns());
  }
}
