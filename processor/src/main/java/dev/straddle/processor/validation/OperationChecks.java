package dev.straddle.processor.validation;

import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddColumnDecl;
import dev.straddle.processor.reading.AlterColumnDecl;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import dev.straddle.processor.reading.DropColumnDecl;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.RenameColumnDecl;
import dev.straddle.processor.reading.Site;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks the operations of one migration against the schema as earlier migrations left it. Each
 * check method returns whether the operation is valid, so that only valid operations are replayed
 * into the model (an invalid one would cause follow-up errors that only repeat the first).
 */
final class OperationChecks {

  private final ValidationReport report;
  private final Sql sql;
  private final SchemaModel model;
  private final int migrationId;
  private final TableChecks tables;

  /**
   * Columns already changed by this migration ("table.column") and tables it creates ("table"),
   * with the kind of the operation that did it.
   */
  private final Map<String, String> touched = new HashMap<>();

  OperationChecks(ValidationReport report, SchemaModel model, int migrationId) {
    this.report = report;
    this.sql = new Sql(report);
    this.model = model;
    this.migrationId = migrationId;
    this.tables = new TableChecks(report, model);
  }

  boolean check(OperationDecl op) {
    if (op instanceof AddColumnDecl add) {
      return add(add);
    } else if (op instanceof RenameColumnDecl rename) {
      return rename(rename);
    } else if (op instanceof DropColumnDecl drop) {
      return drop(drop);
    } else if (op instanceof AlterColumnDecl alter) {
      return alter(alter);
    } else if (op instanceof CreateIndexDecl index) {
      return index(index);
    } else {
      CreateTableDecl create = (CreateTableDecl) op;
      boolean ok = tables.create(create, "at migration " + migrationId);
      if (!touched.containsKey(create.name()) && ok) {
        touched.put(create.name(), create.kind());
        return true;
      }
      if (ok) {
        report.error(
            create.site(),
            "name",
            Message.DUPLICATE_TABLE,
            create.name(),
            "created twice by migration " + migrationId);
      }
      return false;
    }
  }

  private boolean add(AddColumnDecl add) {
    Site site = add.site();
    boolean ok = sql.table(site, "table", add.table());
    ok &= sql.identifier(site, "column", "column", add.column());
    ok &= sql.expression(site, "defaultValue", "defaultValue", add.defaultValue(), false);
    ok &= sql.expression(site, "up", "up", add.up(), false);
    String serial = ColumnKinds.serialBase(add.type());
    // A generated column is not a type (StraddleInvalidType says so everywhere else); added to
    // an existing table it gets the error that says what to declare instead, and only that one.
    if (!ColumnKinds.generated(add.type())) {
      ok &= sql.type(site, "type", "type of \"" + add.column() + "\"", add.type(), true);
    } else if (sql.expression(site, "type", "type", add.type(), true)) {
      report.error(
          site,
          "type",
          Message.GENERATED_COLUMN_ADDED,
          add.type(),
          add.column(),
          ColumnKinds.identity(add.type())
              ? "for numbered rows use type = \"bigserial\" (Straddle creates the sequence, sets"
                  + " the default without a rewrite and numbers the existing rows in the"
                  + " backfill)"
              : "declare a plain column with up = <the expression>: the sync trigger keeps it"
                  + " computed for old code, and the backfill fills the existing rows");
      ok = false;
    }
    if (serial != null && !add.defaultValue().isEmpty()) {
      report.error(
          site, "defaultValue", Message.SERIAL_WITH_DEFAULT, add.column(), add.type().trim());
      ok = false;
    }
    if (add.notNull() && serial == null && add.defaultValue().isEmpty() && add.up().isEmpty()) {
      report.error(site, "notNull", Message.NOT_NULL_WITHOUT_VALUE, add.column());
      ok = false;
    }
    TableModel table = ok && claim(site, "column", add, add.column()) ? known(site, add) : null;
    return table != null && absent(site, "column", table, add.column());
  }

  private boolean rename(RenameColumnDecl rename) {
    Site site = rename.site();
    boolean ok = sql.table(site, "table", rename.table());
    ok &= sql.identifier(site, "from", "column", rename.from());
    ok &= sql.identifier(site, "to", "column", rename.to());
    ok &= sql.type(site, "type", "type", rename.type(), false);
    if (ok && rename.to().equals(rename.from())) {
      report.error(
          site, "to", Message.DUPLICATE_COLUMN, rename.table(), rename.to(), " (it is from)");
      return false;
    }
    ok = ok && claim(site, "from", rename, rename.from()) & claim(site, "to", rename, rename.to());
    TableModel table = ok ? known(site, rename) : null;
    if (table == null) {
      return false;
    }
    ColumnModel from = table.column(rename.from());
    ok &= from == null || notKey(site, "from", table, from);
    String declared = from != null ? from.type() : rename.type();
    boolean key = from != null && from.primaryKey();
    if (!key && (ColumnKinds.serialBase(declared) != null || ColumnKinds.generated(declared))) {
      report.error(
          site,
          from != null ? "from" : "type",
          Message.RENAME_SEQUENCE_COLUMN,
          rename.from(),
          rename.table(),
          declared.trim(),
          rename.table(),
          rename.from());
      ok = false;
    }
    if (from == null && (table.complete() || table.gone(rename.from()) != null)) {
      ok &= present(site, "from", table, rename.from());
    } else if (from == null && rename.type().isEmpty()) {
      report.error(site, "from", Message.RENAME_TYPE_UNKNOWN, rename.from(), rename.table());
      ok = false;
    } else if (from != null
        && !rename.type().isEmpty()
        && !from.type().isEmpty()
        && !Sql.sameType(rename.type(), from.type())) {
      report.error(
          site, "type", Message.RENAME_TYPE_MISMATCH, rename.type(), from.type(), rename.from());
      ok = false;
    }
    return ok & absent(site, "to", table, rename.to());
  }

  private boolean drop(DropColumnDecl drop) {
    Site site = drop.site();
    boolean ok = sql.table(site, "table", drop.table());
    ok &= sql.identifier(site, "column", "column", drop.column());
    ok &= sql.expression(site, "down", "down", drop.down(), false);
    TableModel table = ok && claim(site, "column", drop, drop.column()) ? known(site, drop) : null;
    if (table == null || !present(site, "column", table, drop.column())) {
      return false;
    }
    ColumnModel column = table.column(drop.column());
    ok &= notKey(site, "column", table, column);
    if (column.notNull() && !column.hasDefault() && drop.down().isEmpty()) {
      report.error(site, "column", Message.DROP_NOT_NULL_WITHOUT_DOWN, drop.column(), drop.table());
      ok = false;
    }
    return ok;
  }

  private boolean alter(AlterColumnDecl alter) {
    Site site = alter.site();
    boolean ok = sql.table(site, "table", alter.table());
    ok &= sql.identifier(site, "column", "column", alter.column());
    ok &= sql.expression(site, "up", "up", alter.up(), false);
    ok &= sql.expression(site, "down", "down", alter.down(), false);
    if (alter.up().isEmpty() && alter.down().isEmpty()) {
      report.error(site, "column", Message.ALTER_WITHOUT_EXPRESSION, alter.column());
      ok = false;
    } else if (!alter.up().isEmpty() && !alter.down().isEmpty()) {
      report.error(site, "down", Message.ALTER_BOTH_DIRECTIONS, alter.column());
      ok = false;
    }
    TableModel table =
        ok && claim(site, "column", alter, alter.column()) ? known(site, alter) : null;
    return table != null && present(site, "column", table, alter.column());
  }

  /**
   * An index is built at the end of its migration's backfill, so it is checked against the schema
   * as the migration leaves it: its columns may be added or renamed by the same migration.
   */
  private boolean index(CreateIndexDecl index) {
    Site site = index.site();
    boolean ok = sql.table(site, "table", index.table());
    ok &= sql.identifier(site, "name", "index", index.name());
    ok &= sql.expression(site, "where", "where", index.where(), false);
    if (index.columns().isEmpty()) {
      report.error(site, "columns", Message.INDEX_WITHOUT_COLUMNS, index.name());
      ok = false;
    }
    for (String column : index.columns()) {
      ok &= sql.identifier(site, "columns", "column", column);
    }
    TableModel table = ok ? known(site, index) : null;
    if (table == null) {
      return false;
    }
    for (String column : index.columns()) {
      ok &= present(site, "columns", table, column);
    }
    Integer earlier = model.indexCreatedBy(index.name());
    if (earlier != null) {
      report.error(site, "name", Message.DUPLICATE_INDEX, index.name(), earlier);
      ok = false;
    }
    return ok;
  }

  private TableModel known(Site site, OperationDecl op) {
    TableModel table = model.table(op.table());
    if (table == null) {
      report.error(
          site,
          "table",
          Message.UNKNOWN_TABLE,
          op.table(),
          migrationId,
          Suggestions.hint(op.table(), model.tableNames()));
    }
    return table;
  }

  /** The column exists now; otherwise reports why not (gone, or never declared). */
  private boolean present(Site site, String attribute, TableModel table, String column) {
    if (table.column(column) != null) {
      return true;
    }
    GoneColumn gone = table.gone(column);
    if (gone != null) {
      report.error(
          site, attribute, Message.COLUMN_GONE, column, table.name(), gone.describe(), migrationId);
    } else {
      String hint = Suggestions.hint(column, table.columnNames());
      if (hint.isEmpty() && !table.complete()) {
        hint = " (declare it in the table's @ExistingTable)";
      }
      report.error(
          site, attribute, Message.UNKNOWN_COLUMN, table.name(), column, migrationId, hint);
    }
    return false;
  }

  private boolean notKey(Site site, String attribute, TableModel table, ColumnModel column) {
    if (column.primaryKey()) {
      report.error(site, attribute, Message.PRIMARY_KEY_CHANGE, column.name(), table.name());
    }
    return !column.primaryKey();
  }

  private boolean absent(Site site, String attribute, TableModel table, String column) {
    if (table.column(column) == null) {
      return true;
    }
    report.error(
        site,
        attribute,
        Message.DUPLICATE_COLUMN,
        table.name(),
        column,
        " at migration " + migrationId);
    return false;
  }

  /** Records that this migration changes {@code column}; false if another operation already did. */
  private boolean claim(Site site, String attribute, OperationDecl op, String column) {
    String previous = touched.putIfAbsent(op.table() + "." + column, op.kind());
    if (previous == null) {
      return true;
    }
    report.error(
        site, attribute, Message.CONFLICTING_OPERATIONS, column, op.table(), previous, migrationId);
    return false;
  }
}
