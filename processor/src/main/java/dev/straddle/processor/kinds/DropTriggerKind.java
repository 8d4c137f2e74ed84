package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.DropTriggerSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.DropTriggerDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.TriggerChecks;

/**
 * {@code @DropTrigger}: dropped at contract (the running release may rely on it until then); a
 * trigger Straddle did not create is dropped the same way (the runner checks that it exists).
 */
public final class DropTriggerKind implements OperationKind<DropTriggerDecl> {

  private static final DropTriggerSql SQL = new DropTriggerSql();

  @Override
  public String annotation() {
    return "DropTrigger";
  }

  @Override
  public DropTriggerDecl read(Mirrors values) {
    return new DropTriggerDecl(values.site(), values.string("table"), values.string("name"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropTriggerDecl trigger, OperationChecks checks) {
    return new TriggerChecks(checks).drop(trigger);
  }

  @Override
  public boolean checkReads(DropTriggerDecl trigger, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(DropTriggerDecl trigger, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(trigger.table()), null, model.columnTypes(trigger.table()));
  }

  @Override
  public void apply(
      DropTriggerDecl trigger, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.dropTrigger(trigger.table(), trigger.name(), migrationId);
  }

  @Override
  public OperationSql<DropTriggerDecl> sql() {
    return SQL;
  }
}
