package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateEnumDecl;

/**
 * {@code @CreateEnum}: {@code CREATE TYPE ... AS ENUM} at expand, first in the expand transaction
 * (columns of the migration may have the type); the name must be free.
 */
public final class CreateEnumSql implements OperationSql<CreateEnumDecl> {

  @Override
  public void contribute(CreateEnumDecl create, ResolvedOperation op, MigrationPieces out) {
    out.expect(SchemaExpectation.enumType(create.name(), false));
    out.expandType(
        SqlStatement.inTransaction(
            "CREATE TYPE "
                + EnumSql.type(create.name())
                + " AS ENUM ("
                + EnumSql.labels(create.values())
                + ")"));
    // The inverse: last in the rollback's transaction, after the columns of the type are gone.
    out.undoLast(SqlStatement.inTransaction("DROP TYPE IF EXISTS " + EnumSql.type(create.name())));
  }
}
