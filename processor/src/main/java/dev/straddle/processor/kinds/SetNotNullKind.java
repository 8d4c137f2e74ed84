package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.SetNotNullSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.SetNotNullDecl;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @SetNotNull}: NOT NULL on an existing column, as a check that is {@code NOT VALID} while
 * both releases write, with {@code up} for the rows that hold NULL (docs/ARCHITECTURE.md,
 * "Nullability and defaults of existing columns").
 */
public final class SetNotNullKind implements OperationKind<SetNotNullDecl> {

  private static final SetNotNullSql SQL = new SetNotNullSql();

  @Override
  public String annotation() {
    return "SetNotNull";
  }

  @Override
  public SetNotNullDecl read(Mirrors values) {
    return new SetNotNullDecl(
        values.site(), values.string("table"), values.string("column"), values.string("up"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  /**
   * Decision: {@code up} is required. Without it, an old writer's NULL fails the check from expand
   * on (the running release breaks), and a pre-existing NULL fails the contract's validation; the
   * processor cannot know that neither happens.
   */
  @Override
  public boolean check(SetNotNullDecl set, OperationChecks checks) {
    boolean ok = checks.sql().expression(set.site(), "up", "up", set.up(), false);
    ColumnModel column = ExistingColumn.check(set, set.column(), checks, ok);
    if (column == null) {
      return false;
    }
    if (column.neverNull()) {
      ExistingColumn.nothingToChange(set, set.column(), "is already NOT NULL", checks);
      return false;
    }
    if (set.up().isEmpty()) {
      checks
          .report()
          .error(
              set.site(),
              "up",
              Message.SET_NOT_NULL_WITHOUT_UP,
              set.column(),
              set.table(),
              column.hasDefault()
                  ? "; e.g. its default, up = \""
                      + column.defaultValue().replace("\"", "\\\"")
                      + "\""
                  : "");
      return false;
    }
    return true;
  }

  @Override
  public boolean checkReads(SetNotNullDecl set, ExpressionReads reads) {
    return reads.read(set.table(), set.site(), "up", "up", set.up(), true);
  }

  @Override
  public ResolvedOperation resolve(SetNotNullDecl set, SchemaModel model) {
    return ExistingColumn.resolve(set, set.column(), model);
  }

  @Override
  public void apply(
      SetNotNullDecl set, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.changeColumn(set.table(), resolved.subject().withNotNull(true));
  }

  @Override
  public OperationSql<SetNotNullDecl> sql() {
    return SQL;
  }
}
