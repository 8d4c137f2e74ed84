package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddForeignKeyDecl;

/**
 * {@code @AddForeignKey}: {@code FOREIGN KEY ... NOT VALID} at expand (SHARE ROW EXCLUSIVE on both
 * tables for a catalog change, under the phase's lock timeout), {@code VALIDATE CONSTRAINT} at
 * contract outside the transaction (SHARE UPDATE EXCLUSIVE on the table, ROW SHARE on the
 * referenced one: neither blocks writes).
 */
public final class AddForeignKeySql implements OperationSql<AddForeignKeyDecl> {

  @Override
  public void contribute(AddForeignKeyDecl fk, ResolvedOperation op, MigrationPieces out) {
    // Its inverse (the constraint dropped) comes with ConstraintDdl.add.
    TableName table = op.table();
    TableName referenced = TableName.parse(fk.references());
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.tableExists(referenced.toString()));
    for (String column : op.tableIsNew() ? java.util.List.<String>of() : fk.columns()) {
      out.expect(SchemaExpectation.columnExists(table.toString(), column, op.typeOf(column)));
    }
    if (!op.tableIsNew()) {
      out.expect(SchemaExpectation.constraintAbsent(table.toString(), fk.name()));
    }
    // PostgreSQL refuses a foreign key without a unique key on the referenced columns (no
    // columns: its primary key); dropped when the migration creates the referenced table.
    out.expect(SchemaExpectation.keyExists(referenced.toString(), fk.referencedColumns()));
    ConstraintDdl.add(table, fk.name(), definition(fk, referenced), op.tableIsNew(), out);
  }

  /** {@code FOREIGN KEY (...) REFERENCES t [(...)] [ON DELETE ...] [ON UPDATE ...]}. */
  static String definition(AddForeignKeyDecl fk, TableName referenced) {
    return "FOREIGN KEY "
        + ConstraintDdl.columns(fk.columns())
        + " REFERENCES "
        + referenced.sql()
        + (fk.referencedColumns().isEmpty()
            ? ""
            : " " + ConstraintDdl.columns(fk.referencedColumns()))
        + action("DELETE", fk.onDelete())
        + action("UPDATE", fk.onUpdate());
  }

  private static String action(String event, String action) {
    return action.equals("NO ACTION") ? "" : " ON " + event + " " + action;
  }
}
