package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.DropColumnSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.DropColumnDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;

/**
 * {@code @DropColumn}: the column stays while old code may read it (filled by {@code down});
 * contract drops it.
 */
public final class DropColumnKind implements OperationKind<DropColumnDecl> {

  private static final DropColumnSql SQL = new DropColumnSql();

  @Override
  public String annotation() {
    return "DropColumn";
  }

  @Override
  public DropColumnDecl read(Mirrors values) {
    return new DropColumnDecl(
        values.site(), values.string("table"), values.string("column"), values.string("down"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropColumnDecl drop, OperationChecks checks) {
    Site site = drop.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", drop.table());
    ok &= sql.identifier(site, "column", "column", drop.column());
    ok &= sql.expression(site, "down", "down", drop.down(), false);
    TableModel table =
        ok && checks.claim(site, "column", drop, drop.column()) ? checks.known(site, drop) : null;
    if (table == null || !checks.present(site, "column", table, drop.column())) {
      return false;
    }
    ColumnModel column = table.column(drop.column());
    ok &= checks.notKey(site, "column", table, column);
    if (column.notNull() && !column.hasDefault() && drop.down().isEmpty()) {
      checks
          .report()
          .error(site, "column", Message.DROP_NOT_NULL_WITHOUT_DOWN, drop.column(), drop.table());
      ok = false;
    }
    return ok;
  }

  @Override
  public boolean checkReads(DropColumnDecl drop, ExpressionReads reads) {
    return reads.read(drop.table(), drop.site(), "down", "down", drop.down(), true);
  }

  @Override
  public ResolvedOperation resolve(DropColumnDecl drop, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(drop.table()),
        model.column(drop.table(), drop.column()),
        model.columnTypes(drop.table()));
  }

  @Override
  public void apply(
      DropColumnDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.removeColumn(drop.table(), new GoneColumn(drop.column(), migrationId, null));
  }

  @Override
  public OperationSql<DropColumnDecl> sql() {
    return SQL;
  }
}
