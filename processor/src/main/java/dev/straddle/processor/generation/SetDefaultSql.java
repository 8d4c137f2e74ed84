package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.SetDefaultDecl;

/**
 * {@code @SetDefault}: {@code ALTER COLUMN ... SET DEFAULT} at expand. Setting the default of an
 * existing column is a catalog change for any default, volatile ones included: no row is read or
 * written (only {@code ADD COLUMN} evaluates a default for existing rows).
 */
public final class SetDefaultSql implements OperationSql<SetDefaultDecl> {

  @Override
  public void contribute(SetDefaultDecl set, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnExists(table.toString(), set.column(), op.subject().type()));
    out.expand(ColumnSql.setDefault(table, set.column(), set.defaultValue()));
  }
}
