package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.CreateTriggerSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TriggerModel;
import dev.straddle.processor.reading.CreateTriggerDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.TriggerChecks;

/**
 * {@code @CreateTrigger}: created at the end of its migration's expand, calling the procedure's
 * version as of that migration, so it is checked against the schema and the procedures as the
 * migration leaves them (the function may be declared beside it).
 */
public final class CreateTriggerKind implements OperationKind<CreateTriggerDecl> {

  private static final CreateTriggerSql SQL = new CreateTriggerSql();

  @Override
  public String annotation() {
    return "CreateTrigger";
  }

  @Override
  public CreateTriggerDecl read(Mirrors values) {
    return new CreateTriggerDecl(
        values.site(),
        values.string("table"),
        values.string("name"),
        values.string("procedure"),
        values.enumName("timing"),
        values.enumNames("events"),
        values.strings("columns"),
        values.enumName("forEach"),
        values.string("when"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(CreateTriggerDecl trigger, OperationChecks checks) {
    return new TriggerChecks(checks).create(trigger);
  }

  @Override
  public boolean checkReads(CreateTriggerDecl trigger, ExpressionReads reads) {
    return true; // WHEN reads NEW.x and OLD.x, checked with the trigger
  }

  @Override
  public ResolvedOperation resolve(CreateTriggerDecl trigger, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(trigger.table()),
        null,
        model.columnTypes(trigger.table()),
        model.createdNow(trigger.table()),
        model.procedure(trigger.procedure()));
  }

  @Override
  public void apply(
      CreateTriggerDecl trigger, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addTrigger(trigger.table(), new TriggerModel(resolved.table(), trigger, migrationId));
  }

  @Override
  public OperationSql<CreateTriggerDecl> sql() {
    return SQL;
  }
}
