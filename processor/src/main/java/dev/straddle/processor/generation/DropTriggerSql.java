package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.DropTriggerDecl;

/**
 * {@code @DropTrigger}: nothing until contract, where it is dropped first in the transaction
 * (before the procedure versions the contract drops, which it may call). No {@code IF EXISTS}: the
 * drift check expects it, and a trigger that is not there is a mistake to report.
 */
public final class DropTriggerSql implements OperationSql<DropTriggerDecl> {

  @Override
  public void contribute(DropTriggerDecl trigger, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    String table = op.table().toString();
    out.expect(SchemaExpectation.tableExists(table));
    out.expect(SchemaExpectation.triggerExists(table, trigger.name()));
    out.contractFirst(
        SqlStatement.inTransaction(
            "DROP TRIGGER " + Identifiers.quote(trigger.name()) + " ON " + op.table().sql()));
  }
}
