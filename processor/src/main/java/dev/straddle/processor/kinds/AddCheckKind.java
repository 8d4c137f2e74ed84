package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.AddCheckSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddCheckDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ConstraintChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.List;

/**
 * {@code @AddCheck}: checked against the schema as its migration leaves it, so it may constrain
 * columns (and tables) the same migration adds; its statements follow theirs.
 */
public final class AddCheckKind implements OperationKind<AddCheckDecl> {

  private static final AddCheckSql SQL = new AddCheckSql();

  @Override
  public String annotation() {
    return "AddCheck";
  }

  @Override
  public AddCheckDecl read(Mirrors values) {
    return new AddCheckDecl(
        values.site(),
        values.string("table"),
        values.string("name"),
        values.string("check"),
        values.string("column"),
        values.string("up"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(AddCheckDecl add, OperationChecks checks) {
    Site site = add.site();
    Sql sql = checks.sql();
    ConstraintChecks constraints = new ConstraintChecks(checks);
    boolean ok = sql.table(site, "table", add.table());
    ok &= sql.identifier(site, "name", "constraint", add.name());
    ok &= sql.expression(site, "check", "check", add.check(), true);
    ok &= sql.expression(site, "up", "up", add.up(), false);
    if (!add.column().isEmpty()) {
      ok &= sql.identifier(site, "column", "column", add.column());
    }
    if (!add.up().isEmpty() && add.column().isEmpty()) {
      checks
          .report()
          .error(
              site,
              "up",
              Message.CHECK_UP_COLUMN,
              add.name(),
              "up needs column, the column it assigns in a row that violates the check");
      ok = false;
    } else if (add.up().isEmpty() && !add.column().isEmpty()) {
      checks
          .report()
          .error(
              site,
              "column",
              Message.CHECK_UP_COLUMN,
              add.name(),
              "column names the column up assigns; give up, or leave both out");
      ok = false;
    }
    TableModel table = ok ? checks.known(site, add) : null;
    if (table == null) {
      return false;
    }
    ok = constraints.free(site, "name", table, add.name());
    if (add.up().isEmpty()) {
      return ok;
    }
    if (constraints.createdHere(table)) {
      checks
          .report()
          .error(
              site,
              "up",
              Message.CHECK_UP_COLUMN,
              add.name(),
              "table \""
                  + add.table()
                  + "\" is created by this migration, so it has no old rows or old writers for"
                  + " up to fix; leave up and column out");
      return false;
    }
    if (!checks.present(site, "column", table, add.column())) {
      return false;
    }
    ColumnModel column = table.column(add.column());
    if (column.primaryKey()) {
      checks
          .report()
          .error(
              site,
              "column",
              Message.CHECK_UP_COLUMN,
              add.name(),
              "column \""
                  + add.column()
                  + "\" is part of the primary key, which the backfill walks; up cannot change it");
      return false;
    }
    return ok & checks.claim(site, "column", add, add.column());
  }

  /**
   * The check outlives the migration (it may not read a column the contract drops); {@code up} is a
   * sync fragment (it may).
   */
  @Override
  public boolean checkReads(AddCheckDecl add, ExpressionReads reads) {
    return reads.read(add.table(), add.site(), "check", "check", add.check(), false)
        & reads.read(add.table(), add.site(), "up", "up", add.up(), true);
  }

  @Override
  public ResolvedOperation resolve(AddCheckDecl add, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(add.table()),
        null,
        model.columnTypes(add.table()),
        model.createdNow(add.table()));
  }

  @Override
  public void apply(
      AddCheckDecl add, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    List<String> reads =
        List.copyOf(SqlExpression.of(add.check()).referencedColumns(resolved.columns()));
    model.addLiveExpression(
        new SchemaModel.LiveExpression(
            add.table(), "check \"" + add.name() + "\"", add.check(), migrationId));
    model.addConstraint(
        add.table(),
        new ConstraintModel(
            add.name(), ConstraintModel.Kind.CHECK, reads, "", List.of(), migrationId));
  }

  @Override
  public OperationSql<AddCheckDecl> sql() {
    return SQL;
  }
}
