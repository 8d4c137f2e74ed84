package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameIndexDecl;

/**
 * {@code @RenameIndex}: the index must exist (backing no constraint) and its new name be free
 * before expand; renamed in the contract transaction.
 */
public final class RenameIndexSql implements OperationSql<RenameIndexDecl> {

  @Override
  public void contribute(RenameIndexDecl rename, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.tableExists(op.table().toString()));
    out.expect(SchemaExpectation.indexExists(op.table().toString(), rename.from(), ""));
    out.expect(SchemaExpectation.indexAbsent(op.table().toString(), rename.to()));
    out.contract(
        SqlStatement.inTransaction(IndexSql.rename(op.table(), rename.from(), rename.to())));
  }
}
