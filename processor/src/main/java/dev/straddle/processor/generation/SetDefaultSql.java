package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnModel;
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
    // The inverse: the default the model knows (declared on the baseline, or given by a migration).
    ColumnModel before = op.subject();
    out.undo(
        before.hasDefault()
            ? ColumnSql.setDefault(table, set.column(), before.defaultValue())
            : ColumnSql.alter(
                table, "ALTER COLUMN " + Identifiers.quote(set.column()) + " DROP DEFAULT"));
  }
}
