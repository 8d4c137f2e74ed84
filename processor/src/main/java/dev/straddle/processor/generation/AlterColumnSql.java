package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AlterColumnDecl;

/** {@code @AlterColumn}: no DDL, only sync fragments (and a backfill when {@code up} is given). */
public final class AlterColumnSql implements OperationSql<AlterColumnDecl> {

  @Override
  public void contribute(AlterColumnDecl alter, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo in the schema: its fragments leave with the sync trigger the runner
    // rebuilds; values the backfill and the trigger wrote stay.
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(
        SchemaExpectation.columnExists(table.toString(), alter.column(), op.subject().type()));
    if (!alter.up().isEmpty()) {
      out.fragment(table, Direction.UP, alter.column(), alter.up());
      out.expectReferences(table, alter.up(), op.columnTypes());
    }
    if (!alter.down().isEmpty()) {
      out.fragment(table, Direction.DOWN, alter.column(), alter.down());
      out.expectReferences(table, alter.down(), op.columnTypes());
    }
    out.columns(table, op.columns());
  }
}
