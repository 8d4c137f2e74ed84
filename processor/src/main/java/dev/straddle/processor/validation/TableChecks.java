package dev.straddle.processor.validation;

import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import dev.straddle.processor.reading.TableDecl;
import java.util.HashSet;
import java.util.Set;

/** Checks of a declared table: {@code @CreateTable} and {@code @ExistingTable}. */
public final class TableChecks {

  private final ValidationReport report;
  private final Sql sql;
  private final SchemaModel model;

  TableChecks(ValidationReport report, SchemaModel model) {
    this.report = report;
    this.sql = new Sql(report);
    this.model = model;
  }

  /** A {@code @CreateTable}; {@code where} says when, for messages. */
  public boolean create(CreateTableDecl create, String where) {
    boolean ok = declaration(create);
    if (!SchemaModel.hasPrimaryKey(create)) {
      report.error(create.site(), "name", Message.MISSING_PRIMARY_KEY, create.name());
      ok = false;
    }
    return ok & absent(create, where);
  }

  /** Names, types, defaults and column uniqueness of a table declaration. */
  public boolean declaration(TableDecl table) {
    boolean ok = sql.table(table.site(), "name", table.name());
    Set<String> names = new HashSet<>();
    for (ColumnDecl c : table.columns()) {
      ok &= sql.identifier(c.site(), "name", "column", c.name());
      ok &= sql.type(c.site(), "type", "type of \"" + c.name() + "\"", c.type(), true);
      ok &= sql.expression(c.site(), "defaultValue", "defaultValue", c.defaultValue(), false);
      ok &= IdentityColumns.check(c, report);
      if (!names.add(c.name())) {
        report.error(
            c.site(),
            "name",
            Message.DUPLICATE_COLUMN,
            table.name(),
            c.name(),
            " earlier in this declaration");
        ok = false;
      }
    }
    return ok;
  }

  /** The table does not exist yet. */
  public boolean absent(TableDecl table, String where) {
    TableModel existing = model.table(table.name());
    if (existing == null) {
      return true;
    }
    String origin =
        existing.createdBy() == 0
            ? "declared with @ExistingTable"
            : "created by migration " + existing.createdBy();
    report.error(
        table.site(), "name", Message.DUPLICATE_TABLE, table.name(), origin + ", " + where);
    return false;
  }
}
