package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropIndexDecl;

/**
 * {@code @DropIndex}: the index must exist (and back no constraint) before expand; at contract
 * {@code DROP INDEX CONCURRENTLY IF EXISTS}, outside the transaction and first, so a contract
 * interrupted after it, or during it (an INVALID index left), drops it on the next run.
 */
public final class DropIndexSql implements OperationSql<DropIndexDecl> {

  @Override
  public void contribute(DropIndexDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.tableExists(op.table().toString()));
    out.expect(SchemaExpectation.indexExists(op.table().toString(), drop.name(), ""));
    out.contract(SqlStatement.outsideTransaction(IndexSql.drop(op.table(), drop.name())));
  }
}
