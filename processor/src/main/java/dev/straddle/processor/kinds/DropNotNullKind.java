package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.DropNotNullSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.DropNotNullDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @DropNotNull}: NOT NULL dropped at contract; while old code runs, {@code down} is stored
 * where new code writes NULL (docs/ARCHITECTURE.md, "Nullability and defaults of existing
 * columns").
 */
public final class DropNotNullKind implements OperationKind<DropNotNullDecl> {

  private static final DropNotNullSql SQL = new DropNotNullSql();

  @Override
  public String annotation() {
    return "DropNotNull";
  }

  @Override
  public DropNotNullDecl read(Mirrors values) {
    return new DropNotNullDecl(
        values.site(), values.string("table"), values.string("column"), values.string("down"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  /**
   * Decision: {@code down} is required. Old code was built on a column that always has a value; new
   * code declares the column nullable because it writes NULL. With NOT NULL dropped at expand old
   * code would read those NULLs, and kept until contract without {@code down} new code's writes
   * would fail: {@code down} is the value old code reads instead.
   */
  @Override
  public boolean check(DropNotNullDecl drop, OperationChecks checks) {
    boolean ok = checks.sql().expression(drop.site(), "down", "down", drop.down(), false);
    ColumnModel column = ExistingColumn.check(drop, drop.column(), checks, ok);
    if (column == null) {
      return false;
    }
    if (column.isIdentity()) {
      checks
          .report()
          .error(
              drop.site(),
              "column",
              Message.IDENTITY_COLUMN_CHANGE,
              drop.column(),
              drop.table(),
              column.identity(),
              "PostgreSQL keeps it NOT NULL");
      return false;
    }
    if (column.primaryKey()) {
      checks
          .report()
          .error(drop.site(), "column", Message.PRIMARY_KEY_NULLABLE, drop.column(), drop.table());
      return false;
    }
    if (!column.notNull()) {
      ExistingColumn.nothingToChange(drop, drop.column(), "may already hold NULL", checks);
      return false;
    }
    if (drop.down().isEmpty()) {
      checks
          .report()
          .error(drop.site(), "down", Message.NULLABLE_WITHOUT_DOWN, drop.column(), drop.table());
      return false;
    }
    return true;
  }

  @Override
  public boolean checkReads(DropNotNullDecl drop, ExpressionReads reads) {
    return reads.read(drop.table(), drop.site(), "down", "down", drop.down(), true);
  }

  @Override
  public ResolvedOperation resolve(DropNotNullDecl drop, SchemaModel model) {
    return ExistingColumn.resolve(drop, drop.column(), model);
  }

  @Override
  public void apply(
      DropNotNullDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.changeColumn(drop.table(), resolved.subject().withNotNull(false));
  }

  @Override
  public OperationSql<DropNotNullDecl> sql() {
    return SQL;
  }
}
