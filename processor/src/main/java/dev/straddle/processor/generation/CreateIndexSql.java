package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.validation.IndexOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @CreateIndex}: built concurrently, outside any transaction, at the end of the migration's
 * backfill phase; nothing at expand or contract. The key is the columns, then the expressions (each
 * in parentheses), each followed by its operator class when one is given.
 */
public final class CreateIndexSql implements OperationSql<CreateIndexDecl> {

  @Override
  public void contribute(CreateIndexDecl index, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    List<String> key = new ArrayList<>();
    index.columns().forEach(c -> key.add(Identifiers.quote(c)));
    index.expressions().forEach(e -> key.add("(" + e + ")"));
    for (int i = 0; i < index.opclass().size(); i++) {
      String opclass = index.opclass().get(i);
      if (!opclass.isEmpty()) {
        key.set(i, key.get(i) + " " + IndexOptions.opclass(opclass));
      }
    }
    IndexBuild build =
        new IndexBuild(
            table.toString(),
            index.name(),
            IndexSql.create(
                table,
                index.name(),
                index.unique(),
                index.method(),
                key,
                index.include(),
                IndexOptions.render(index.with()),
                index.where()));
    if (op.partitioned()) {
      out.partitionedIndex(build);
    } else {
      out.index(build);
    }
  }
}
