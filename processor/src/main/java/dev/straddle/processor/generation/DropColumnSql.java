package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropColumnDecl;

/**
 * {@code @DropColumn}: the column stays while old code may read it, filled by {@code down} for rows
 * new code writes; contract drops it.
 */
public final class DropColumnSql implements OperationSql<DropColumnDecl> {

  @Override
  public void contribute(DropColumnDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: the drop is at contract, which a rollback never follows.
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(
        SchemaExpectation.columnExists(table.toString(), drop.column(), op.subject().type()));
    if (!drop.down().isEmpty()) {
      out.fragment(table, Direction.DOWN, drop.column(), drop.down());
      out.expectReferences(table, drop.down(), op.columnTypes());
    }
    out.contract(ColumnSql.dropColumn(table, drop.column()));
    out.columns(table, op.columns());
  }
}
