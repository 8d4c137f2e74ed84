package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameEnumValueDecl;

/**
 * {@code @RenameEnumValue}: {@code ALTER TYPE ... RENAME VALUE} at contract (catalog only), once
 * the old release, which writes the old label, is gone.
 */
public final class RenameEnumValueSql implements OperationSql<RenameEnumValueDecl> {

  @Override
  public void contribute(RenameEnumValueDecl rename, ResolvedOperation op, MigrationPieces out) {
    // Nothing to undo: it acts at contract only.
    out.expect(SchemaExpectation.enumType(rename.type(), true));
    out.expect(SchemaExpectation.enumLabel(rename.type(), rename.from(), true));
    out.expect(SchemaExpectation.enumLabel(rename.type(), rename.to(), false));
    out.contract(
        SqlStatement.inTransaction(
            "ALTER TYPE "
                + EnumSql.type(rename.type())
                + " RENAME VALUE "
                + EnumSql.literal(rename.from())
                + " TO "
                + EnumSql.literal(rename.to())));
  }
}
