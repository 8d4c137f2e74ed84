package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropProcedureDecl;

/**
 * {@code @DropProcedure}: the runner checks before expand that the function exists; contract drops
 * it last in its transaction (after the triggers the migration drops, which may call it).
 */
public final class DropProcedureSql implements OperationSql<DropProcedureDecl> {

  @Override
  public void contribute(DropProcedureDecl drop, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    String types = ProcedureArguments.parse(drop.arguments()).identity();
    out.expect(SchemaExpectation.functionExists(drop.schema(), drop.name(), types));
    String name =
        drop.schema().isEmpty()
            ? Identifiers.quote(drop.name())
            : Identifiers.quote(drop.schema()) + "." + Identifiers.quote(drop.name());
    out.contractLast(
        SqlStatement.inTransaction("DROP FUNCTION IF EXISTS " + name + "(" + types + ")"));
  }
}
