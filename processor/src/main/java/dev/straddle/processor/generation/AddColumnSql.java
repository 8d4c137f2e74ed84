package dev.straddle.processor.generation;

import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddColumnDecl;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.SyncFragment.Direction;
import dev.straddle.runtime.sql.TableName;

/** {@code @AddColumn}: the column at expand, filled by {@code up} for old writers and backfill. */
final class AddColumnSql implements OperationSql {

  @Override
  public void contribute(ResolvedOperation op, MigrationPieces out) {
    AddColumnDecl add = (AddColumnDecl) op.decl();
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnAbsent(table.toString(), add.column()));
    out.expand(ColumnDdl.addColumn(table, add.column(), add.type(), add.defaultValue()));
    if (add.notNull()) {
      NotNullSql.add(table, add.column(), out);
    }
    if (!add.up().isEmpty()) {
      out.fragment(table, Direction.UP, add.column(), add.up());
      out.expectReferences(table, add.up(), op.columnTypes());
    }
    out.columns(table, op.columns());
  }
}
