package dev.straddle.processor.generation;

import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameColumnDecl;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.SyncFragment.Direction;
import dev.straddle.runtime.sql.Identifiers;
import dev.straddle.runtime.sql.TableName;

/**
 * {@code @RenameColumn a→b}: {@code b} beside {@code a} with a's type, default and NOT NULL (as a
 * check until contract), kept equal by the sync trigger in both directions; contract drops {@code
 * a}. Indexes and constraints on {@code a} are not recreated (documented limit).
 */
final class RenameColumnSql implements OperationSql {

  @Override
  public void contribute(ResolvedOperation op, MigrationPieces out) {
    RenameColumnDecl rename = (RenameColumnDecl) op.decl();
    ColumnModel from = op.subject();
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnExists(table.toString(), rename.from(), from.type()));
    out.expect(SchemaExpectation.columnAbsent(table.toString(), rename.to()));
    out.expand(ColumnDdl.addColumn(table, rename.to(), from.type(), from.defaultValue()));
    if (from.notNull()) {
      NotNullSql.add(table, rename.to(), out);
    }
    // Quoted, so a column named like a keyword still reads as the column in the backfill UPDATE.
    out.fragment(table, Direction.UP, rename.to(), Identifiers.quote(rename.from()));
    out.fragment(table, Direction.DOWN, rename.from(), Identifiers.quote(rename.to()));
    out.contract(ColumnDdl.dropColumn(table, rename.from()));
    out.columns(table, op.columns());
  }
}
