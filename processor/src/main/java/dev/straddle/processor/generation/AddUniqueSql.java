package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddUniqueDecl;

/**
 * {@code @AddUnique}: the unique index built concurrently at the end of the backfill (outside any
 * transaction, blocking no writes), then {@code ADD CONSTRAINT ... UNIQUE USING INDEX} at contract
 * (a catalog change: the index already proves uniqueness). On a table its migration creates, the
 * constraint is added at expand.
 */
public final class AddUniqueSql implements OperationSql<AddUniqueDecl> {

  @Override
  public void contribute(AddUniqueDecl unique, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    String name = Identifiers.quote(unique.name());
    out.expect(SchemaExpectation.tableExists(table.toString()));
    if (op.tableIsNew()) {
      out.expand(
          ColumnSql.alter(
              table,
              "ADD CONSTRAINT " + name + " UNIQUE " + ConstraintDdl.columns(unique.columns())));
      out.undo(ConstraintDdl.dropIfExists(table, unique.name()));
      return;
    }
    out.expect(SchemaExpectation.constraintAbsent(table.toString(), unique.name()));
    out.index(
        new IndexBuild(
            table.toString(),
            unique.name(),
            IndexSql.create(table, unique.name(), unique.columns(), true, "")));
    out.contract(ColumnSql.alter(table, "ADD CONSTRAINT " + name + " UNIQUE USING INDEX " + name));
    // The inverse: the index the backfill built goes, concurrently (the constraint comes at
    // contract only).
    CreateIndexSql.undo(table, unique.name(), out);
  }
}
