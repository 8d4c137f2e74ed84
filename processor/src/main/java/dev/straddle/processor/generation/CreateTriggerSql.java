package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateTriggerDecl;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @CreateTrigger}: {@code CREATE TRIGGER ... EXECUTE FUNCTION <name>_v<n>()} at the end of
 * the expand transaction (after the procedure versions the migration creates), calling the
 * procedure's version as of the migration. A catalog change under SHARE ROW EXCLUSIVE.
 */
public final class CreateTriggerSql implements OperationSql<CreateTriggerDecl> {

  @Override
  public void contribute(CreateTriggerDecl trigger, ResolvedOperation op, MigrationPieces out) {
    String table = op.table().toString();
    out.expect(SchemaExpectation.tableExists(table));
    out.expect(SchemaExpectation.triggerAbsent(table, trigger.name()));
    for (String column : trigger.columns()) {
      out.expect(SchemaExpectation.columnExists(table, column, op.typeOf(column)));
    }
    out.expandLast(
        SqlStatement.inTransaction(
            create(op.table(), trigger, ProcedureSql.name(op.procedure().decl()))));
    // The inverse: first in the rollback's transaction, before the procedure versions it may call
    // are dropped.
    out.undoFirst(
        SqlStatement.inTransaction(
            "DROP TRIGGER IF EXISTS "
                + Identifiers.quote(trigger.name())
                + " ON "
                + op.table().sql()));
  }

  /** The trigger's DDL, executing {@code function} (its SQL name). */
  static String create(TableName table, CreateTriggerDecl t, String function) {
    List<String> events = new ArrayList<>();
    for (String event : t.events()) {
      if (event.equals("UPDATE") && !t.columns().isEmpty()) {
        events.add(
            "UPDATE OF "
                + String.join(", ", t.columns().stream().map(Identifiers::quote).toList()));
      } else {
        events.add(event);
      }
    }
    return "CREATE TRIGGER "
        + Identifiers.quote(t.name())
        + " "
        + t.timing()
        + " "
        + String.join(" OR ", events)
        + " ON "
        + table.sql()
        + "\nFOR EACH "
        + t.forEach()
        + (t.when().isBlank() ? "" : "\nWHEN (" + t.when().strip() + ")")
        + "\nEXECUTE FUNCTION "
        + function
        + "()";
  }
}
