package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameConstraintDecl;

/** {@code @RenameConstraint}: nothing until contract, where it is renamed (catalog only). */
public final class RenameConstraintSql implements OperationSql<RenameConstraintDecl> {

  @Override
  public void contribute(RenameConstraintDecl rename, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.tableExists(op.table().toString()));
    out.expect(SchemaExpectation.constraintExists(op.table().toString(), rename.from()));
    out.expect(SchemaExpectation.constraintAbsent(op.table().toString(), rename.to()));
    out.contract(
        ColumnSql.alter(
            op.table(),
            "RENAME CONSTRAINT "
                + Identifiers.quote(rename.from())
                + " TO "
                + Identifiers.quote(rename.to())));
  }
}
