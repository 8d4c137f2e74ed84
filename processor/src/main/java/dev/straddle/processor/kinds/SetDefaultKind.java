package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.SetDefaultSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.SetDefaultDecl;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @SetDefault}: the default of an existing column, set at expand (catalog only, also when it
 * is volatile; docs/ARCHITECTURE.md, "Nullability and defaults of existing columns").
 */
public final class SetDefaultKind implements OperationKind<SetDefaultDecl> {

  private static final SetDefaultSql SQL = new SetDefaultSql();

  @Override
  public String annotation() {
    return "SetDefault";
  }

  @Override
  public SetDefaultDecl read(Mirrors values) {
    return new SetDefaultDecl(
        values.site(),
        values.string("table"),
        values.string("column"),
        values.string("defaultValue"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(SetDefaultDecl set, OperationChecks checks) {
    boolean ok =
        checks
            .sql()
            .expression(set.site(), "defaultValue", "defaultValue", set.defaultValue(), true);
    ColumnModel column = ExistingColumn.check(set, set.column(), checks, ok);
    if (column == null) {
      return false;
    }
    if (column.isIdentity()) {
      checks
          .report()
          .error(
              set.site(),
              "column",
              Message.IDENTITY_COLUMN_CHANGE,
              set.column(),
              set.table(),
              column.identity(),
              "its sequence gives its values, and PostgreSQL refuses a default beside it");
      return false;
    }
    if (column.defaultValue().strip().equals(set.defaultValue().strip())) {
      ExistingColumn.nothingToChange(
          set, set.column(), "already has the default " + set.defaultValue().strip(), checks);
      return false;
    }
    return true;
  }

  /** A default is evaluated for a new row, after the migration too: it may read no column. */
  @Override
  public boolean checkReads(SetDefaultDecl set, ExpressionReads reads) {
    return reads.read(
        set.table(), set.site(), "defaultValue", "defaultValue", set.defaultValue(), false);
  }

  @Override
  public ResolvedOperation resolve(SetDefaultDecl set, SchemaModel model) {
    return ExistingColumn.resolve(set, set.column(), model);
  }

  @Override
  public void apply(
      SetDefaultDecl set, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.changeColumn(set.table(), resolved.subject().withDefault(set.defaultValue()));
  }

  @Override
  public OperationSql<SetDefaultDecl> sql() {
    return SQL;
  }
}
