package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropDefaultDecl;

/** {@code @DropDefault}: {@code ALTER COLUMN ... DROP DEFAULT} at contract, a catalog change. */
public final class DropDefaultSql implements OperationSql<DropDefaultDecl> {

  @Override
  public void contribute(DropDefaultDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(
        SchemaExpectation.columnExists(table.toString(), drop.column(), op.subject().type()));
    out.contract(
        ColumnSql.alter(
            table, "ALTER COLUMN " + Identifiers.quote(drop.column()) + " DROP DEFAULT"));
  }
}
