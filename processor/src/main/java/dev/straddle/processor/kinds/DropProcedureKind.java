package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.DropProcedureSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.DropProcedureDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.TriggerChecks;

/**
 * {@code @DropProcedure}: a function Straddle does not version, dropped at the end of contract (the
 * running release may call it until then). On no table: it resolves to a null table. Checked
 * against the procedures and triggers as its migration leaves them.
 */
public final class DropProcedureKind implements OperationKind<DropProcedureDecl> {

  private static final DropProcedureSql SQL = new DropProcedureSql();

  @Override
  public String annotation() {
    return "DropProcedure";
  }

  @Override
  public DropProcedureDecl read(Mirrors values) {
    return new DropProcedureDecl(
        values.site(), values.string("name"), values.string("schema"), values.string("arguments"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(DropProcedureDecl drop, OperationChecks checks) {
    return new TriggerChecks(checks).dropProcedure(drop);
  }

  @Override
  public boolean checkReads(DropProcedureDecl drop, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(DropProcedureDecl drop, SchemaModel model) {
    return new ResolvedOperation(null, null, java.util.Map.of());
  }

  @Override
  public void apply(
      DropProcedureDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.dropFunction(TriggerChecks.DropProcedures.signature(drop), migrationId);
  }

  @Override
  public OperationSql<DropProcedureDecl> sql() {
    return SQL;
  }
}
