package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.DropDefaultSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.DropDefaultDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @DropDefault}: the default of an existing column, dropped at contract, once no old code
 * relies on it (docs/ARCHITECTURE.md, "Nullability and defaults of existing columns").
 */
public final class DropDefaultKind implements OperationKind<DropDefaultDecl> {

  private static final DropDefaultSql SQL = new DropDefaultSql();

  @Override
  public String annotation() {
    return "DropDefault";
  }

  @Override
  public DropDefaultDecl read(Mirrors values) {
    return new DropDefaultDecl(values.site(), values.string("table"), values.string("column"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropDefaultDecl drop, OperationChecks checks) {
    ColumnModel column = ExistingColumn.check(drop, drop.column(), checks, true);
    if (column == null) {
      return false;
    }
    if (!column.hasDefault()) {
      ExistingColumn.nothingToChange(drop, drop.column(), "has no default", checks);
      return false;
    }
    return true;
  }

  @Override
  public boolean checkReads(DropDefaultDecl drop, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(DropDefaultDecl drop, SchemaModel model) {
    return ExistingColumn.resolve(drop, drop.column(), model);
  }

  @Override
  public void apply(
      DropDefaultDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.changeColumn(drop.table(), resolved.subject().withDefault(""));
  }

  @Override
  public OperationSql<DropDefaultDecl> sql() {
    return SQL;
  }
}
