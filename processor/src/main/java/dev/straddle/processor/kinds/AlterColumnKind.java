package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.AlterColumnSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AlterColumnDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;

/**
 * {@code @AlterColumn}: a column's values change in one direction ({@code up} or {@code down}); no
 * DDL, the schema model does not change.
 */
public final class AlterColumnKind implements OperationKind<AlterColumnDecl> {

  private static final AlterColumnSql SQL = new AlterColumnSql();

  @Override
  public String annotation() {
    return "AlterColumn";
  }

  @Override
  public AlterColumnDecl read(Mirrors values) {
    return new AlterColumnDecl(
        values.site(),
        values.string("table"),
        values.string("column"),
        values.string("up"),
        values.string("down"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(AlterColumnDecl alter, OperationChecks checks) {
    Site site = alter.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", alter.table());
    ok &= sql.identifier(site, "column", "column", alter.column());
    ok &= sql.expression(site, "up", "up", alter.up(), false);
    ok &= sql.expression(site, "down", "down", alter.down(), false);
    if (alter.up().isEmpty() && alter.down().isEmpty()) {
      checks.report().error(site, "column", Message.ALTER_WITHOUT_EXPRESSION, alter.column());
      ok = false;
    } else if (!alter.up().isEmpty() && !alter.down().isEmpty()) {
      checks.report().error(site, "down", Message.ALTER_BOTH_DIRECTIONS, alter.column());
      ok = false;
    }
    TableModel table =
        ok && checks.claim(site, "column", alter, alter.column())
            ? checks.known(site, alter)
            : null;
    return table != null && checks.present(site, "column", table, alter.column());
  }

  @Override
  public boolean checkReads(AlterColumnDecl alter, ExpressionReads reads) {
    return reads.read(alter.table(), alter.site(), "up", "up", alter.up(), true)
        & reads.read(alter.table(), alter.site(), "down", "down", alter.down(), true);
  }

  @Override
  public ResolvedOperation resolve(AlterColumnDecl alter, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(alter.table()),
        model.column(alter.table(), alter.column()),
        model.columnTypes(alter.table()));
  }

  /** The column keeps its name and type. */
  @Override
  public void apply(
      AlterColumnDecl alter, ResolvedOperation resolved, int migrationId, SchemaModel model) {}

  @Override
  public OperationSql<AlterColumnDecl> sql() {
    return SQL;
  }
}
