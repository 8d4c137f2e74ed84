package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.AddColumnSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddColumnDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.Map;

/** {@code @AddColumn}: a new column, filled by {@code up} (or its default) for existing rows. */
public final class AddColumnKind implements OperationKind<AddColumnDecl> {

  private static final AddColumnSql SQL = new AddColumnSql();

  @Override
  public String annotation() {
    return "AddColumn";
  }

  @Override
  public AddColumnDecl read(Mirrors values) {
    return new AddColumnDecl(
        values.site(),
        values.string("table"),
        values.string("column"),
        values.string("type"),
        values.bool("notNull"),
        values.string("defaultValue"),
        values.string("up"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(AddColumnDecl add, OperationChecks checks) {
    Site site = add.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", add.table());
    ok &= sql.identifier(site, "column", "column", add.column());
    ok &= sql.expression(site, "defaultValue", "defaultValue", add.defaultValue(), false);
    ok &= sql.expression(site, "up", "up", add.up(), false);
    String serial = ColumnKinds.serialBase(add.type());
    // A generated column is not a type (StraddleInvalidType says so everywhere else); added to
    // an existing table it gets the error that says what to declare instead, and only that one.
    if (!ColumnKinds.generated(add.type())) {
      ok &= sql.type(site, "type", "type of \"" + add.column() + "\"", add.type(), true);
      ok =
          ok && checks.columnType(site, "type", "the type of \"" + add.column() + "\"", add.type());
    } else {
      ok = false;
      if (!sql.expression(site, "type", "type", add.type(), true)) {
        return false; // unsafe text, reported as such
      }
      checks
          .report()
          .error(
              site,
              "type",
              Message.GENERATED_COLUMN_ADDED,
              add.type(),
              add.column(),
              ColumnKinds.identity(add.type())
                  ? "for numbered rows use type = \"bigserial\" (Straddle creates the sequence,"
                      + " sets the default without a rewrite and numbers the existing rows in the"
                      + " backfill)"
                  : "declare a plain column with up = <the expression>: the sync trigger keeps"
                      + " it computed for old code, and the backfill fills the existing rows");
    }
    if (serial != null && !add.defaultValue().isEmpty()) {
      checks
          .report()
          .error(
              site, "defaultValue", Message.SERIAL_WITH_DEFAULT, add.column(), add.type().trim());
      ok = false;
    }
    if (add.notNull() && serial == null && add.defaultValue().isEmpty() && add.up().isEmpty()) {
      checks.report().error(site, "notNull", Message.NOT_NULL_WITHOUT_VALUE, add.column());
      ok = false;
    }
    TableModel table =
        ok && checks.claim(site, "column", add, add.column()) ? checks.known(site, add) : null;
    return table != null && checks.absent(site, "column", table, add.column());
  }

  @Override
  public boolean checkReads(AddColumnDecl add, ExpressionReads reads) {
    return reads.read(add.table(), add.site(), "up", "up", add.up(), true)
        & reads.read(
            add.table(), add.site(), "defaultValue", "defaultValue", add.defaultValue(), true);
  }

  @Override
  public ResolvedOperation resolve(AddColumnDecl add, SchemaModel model) {
    Map<String, String> columns = model.columnTypes(add.table());
    columns.put(
        add.column(), ColumnKinds.added(add.table(), add.column(), add.type(), false, "").type());
    return new ResolvedOperation(TableName.parse(add.table()), null, columns);
  }

  @Override
  public void apply(
      AddColumnDecl add, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addColumn(
        add.table(),
        ColumnKinds.added(
            add.table(), add.column(), add.type(), add.notNull(), add.defaultValue()));
  }

  @Override
  public OperationSql<AddColumnDecl> sql() {
    return SQL;
  }
}
