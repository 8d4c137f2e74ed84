package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddCheckDecl;

/**
 * {@code @AddCheck}: {@code CHECK (...) NOT VALID} at expand, {@code VALIDATE CONSTRAINT} at
 * contract; with {@code up}, an UP fragment that fixes only the rows that violate the check, for
 * old code's writes (the sync trigger runs before the check sees the row) and the backfill.
 */
public final class AddCheckSql implements OperationSql<AddCheckDecl> {

  @Override
  public void contribute(AddCheckDecl add, ResolvedOperation op, MigrationPieces out) {
    // Its inverse (the constraint dropped) comes with ConstraintDdl.add; values its up fixed stay.
    TableName table = op.table();
    if (!op.tableIsNew()) { // else the migration's CREATE TABLE expects it absent
      out.expect(SchemaExpectation.tableExists(table.toString()));
      out.expectReferences(table, add.check(), op.columnTypes());
      out.expect(SchemaExpectation.constraintAbsent(table.toString(), add.name()));
    }
    ConstraintDdl.add(table, add.name(), "CHECK (" + add.check() + ")", op.tableIsNew(), out);
    if (!add.up().isEmpty()) {
      out.fragment(table, Direction.UP, add.column(), fix(add));
      out.expectReferences(table, add.up(), op.columnTypes());
      out.columns(table, op.columns());
    }
  }

  /**
   * The column's value in a row that violates the check (the condition is false; a null condition
   * satisfies a CHECK), its own value otherwise.
   */
  static String fix(AddCheckDecl add) {
    return "CASE WHEN ("
        + add.check()
        + ") IS FALSE THEN ("
        + add.up()
        + ") ELSE "
        + Identifiers.quote(add.column())
        + " END";
  }
}
