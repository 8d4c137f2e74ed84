package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateIndexDecl;

/**
 * {@code @CreateIndex}: built concurrently, outside any transaction, at the end of the migration's
 * backfill phase; nothing at expand or contract.
 */
public final class CreateIndexSql implements OperationSql<CreateIndexDecl> {

  @Override
  public void contribute(CreateIndexDecl index, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    out.index(
        new IndexBuild(
            table.toString(),
            index.name(),
            IndexSql.create(table, index.name(), index.columns(), index.unique(), index.where())));
  }
}
