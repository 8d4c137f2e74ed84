package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropConstraintDecl;

/**
 * {@code @DropConstraint}: nothing until contract, where it is dropped in the transaction (a
 * catalog change). No {@code IF EXISTS}: a constraint that is not there is a mistake to report.
 */
public final class DropConstraintSql implements OperationSql<DropConstraintDecl> {

  @Override
  public void contribute(DropConstraintDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.tableExists(op.table().toString()));
    out.expect(SchemaExpectation.constraintExists(op.table().toString(), drop.name()));
    out.contract(ColumnSql.alter(op.table(), "DROP CONSTRAINT " + Identifiers.quote(drop.name())));
  }
}
