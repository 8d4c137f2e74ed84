package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import java.util.ArrayList;
import java.util.List;

/** {@code @CreateTable}: old code does not know the table, so nothing to sync or contract. */
public final class CreateTableSql implements OperationSql<CreateTableDecl> {

  @Override
  public void contribute(CreateTableDecl create, ResolvedOperation op, MigrationPieces out) {
    out.expect(SchemaExpectation.tableAbsent(op.table().toString()));
    List<String> lines = new ArrayList<>();
    List<String> key = new ArrayList<>();
    for (ColumnDecl c : create.columns()) {
      lines.add(
          ColumnSql.definition(c.name(), c.type(), c.notNull(), c.defaultValue())
              + (c.isIdentity() ? " GENERATED " + c.generated() + " AS IDENTITY" : ""));
      if (c.primaryKey()) {
        key.add(Identifiers.quote(c.name()));
      }
    }
    lines.add("PRIMARY KEY (" + String.join(", ", key) + ")");
    out.expand(
        SqlStatement.inTransaction(
            "CREATE TABLE "
                + op.table().sql()
                + " (\n  "
                + String.join(",\n  ", lines)
                + "\n)"
                + (create.partitionBy().isEmpty() ? "" : " PARTITION BY " + create.partitionBy())));
    // The inverse: the table is new, old code never used it; its partitions, sequences, indexes
    // and constraints go with it.
    out.undo(SqlStatement.inTransaction("DROP TABLE IF EXISTS " + op.table().sql()));
  }
}
