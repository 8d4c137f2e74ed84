package dev.straddle.processor.generation;

import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.runtime.IndexBuild;
import dev.straddle.runtime.sql.IndexSql;
import dev.straddle.runtime.sql.TableName;

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
