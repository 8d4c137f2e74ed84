package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropTableDecl;

/**
 * {@code @DropTable}: nothing until contract, where the table is dropped in the transaction.
 * Neither {@code IF EXISTS} (a missing table is a mistake to report) nor {@code CASCADE} (a view or
 * a foreign key the model does not know fails the contract, which changes nothing, instead of going
 * with the table).
 */
public final class DropTableSql implements OperationSql<DropTableDecl> {

  @Override
  public void contribute(DropTableDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.tableExists(op.table().toString()));
    out.contract(SqlStatement.inTransaction("DROP TABLE " + op.table().sql()));
  }
}
