package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddEnumValueDecl;

/**
 * {@code @AddEnumValue}: {@code ALTER TYPE ... ADD VALUE IF NOT EXISTS} at expand, outside the
 * expand transaction (it runs first, in autocommit, and is idempotent), so the label is committed
 * before the statements and sync fragments of the transaction use it. No "label absent" fact: a
 * rerun after the label was added but the expand transaction failed must not be refused.
 */
public final class AddEnumValueSql implements OperationSql<AddEnumValueDecl> {

  @Override
  public void contribute(AddEnumValueDecl add, ResolvedOperation op, MigrationPieces out) {
    out.expect(SchemaExpectation.enumType(add.type(), true));
    String place = "";
    if (!add.before().isEmpty()) {
      out.expect(SchemaExpectation.enumLabel(add.type(), add.before(), true));
      place = " BEFORE " + EnumSql.literal(add.before());
    } else if (!add.after().isEmpty()) {
      out.expect(SchemaExpectation.enumLabel(add.type(), add.after(), true));
      place = " AFTER " + EnumSql.literal(add.after());
    }
    out.expand(
        SqlStatement.outsideTransaction(
            "ALTER TYPE "
                + EnumSql.type(add.type())
                + " ADD VALUE IF NOT EXISTS "
                + EnumSql.literal(add.value())
                + place));
    // No inverse: PostgreSQL cannot drop a label, and the old release never writes it (rows may
    // hold it; @DropEnumValue, declared in a later migration, maps them and removes it).
    out.undoLeaves(
        "the label "
            + EnumSql.literal(add.value())
            + " stays in type "
            + EnumSql.type(add.type())
            + ": PostgreSQL cannot drop a label (a later @DropEnumValue can); applied again, the"
            + " migration adds it IF NOT EXISTS");
  }
}
