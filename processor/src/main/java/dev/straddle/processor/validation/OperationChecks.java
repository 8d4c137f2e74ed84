package dev.straddle.processor.validation;

import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import java.util.HashMap;
import java.util.Map;

/**
 * What an operation kind's checks ({@link dev.straddle.processor.kinds.OperationKind#check}) work
 * with: the report, the schema as earlier migrations left it, and the checks every kind shares. One
 * instance per migration, so it also knows which columns and tables the migration's earlier
 * operations already claimed. Each check returns whether the operation is valid, so that only valid
 * operations are replayed into the model (an invalid one would cause follow-up errors that only
 * repeat the first).
 */
public final class OperationChecks {

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

  /** Tables and constraints ("table constraint name") this migration's operations drop. */
  private final java.util.Set<String> dropped = new java.util.HashSet<>();

  OperationChecks(ValidationReport report, SchemaModel model, int migrationId) {
    this.report = report;
    this.sql = new Sql(report);
    this.model = model;
    this.migrationId = migrationId;
    this.tables = new TableChecks(report, model);
  }

  public ValidationReport report() {
    return report;
  }

  /** Checks of identifiers, types and raw SQL. */
  public Sql sql() {
    return sql;
  }

  public SchemaModel model() {
    return model;
  }

  public int migrationId() {
    return migrationId;
  }

  /** Checks of a whole table declaration. */
  public TableChecks tables() {
    return tables;
  }

  /** The table {@code op} changes; null (reported) when the model does not know it. */
  public TableModel known(Site site, OperationDecl op) {
    return known(site, "table", op.table());
  }

  /**
   * The table {@code name}; null (reported at {@code attribute}) when the model does not know it:
   * an earlier migration renamed or dropped it, or it was never declared (did you mean).
   */
  public TableModel known(Site site, String attribute, String name) {
    TableModel table = model.table(name);
    if (table == null) {
      GoneColumn gone = model.goneTable(name);
      if (gone != null) {
        report.error(site, attribute, Message.TABLE_GONE, name, gone.describe(), migrationId);
      } else {
        report.error(
            site,
            attribute,
            Message.UNKNOWN_TABLE,
            name,
            migrationId,
            Suggestions.hint(name, model.tableNames()));
      }
    }
    return table;
  }

  /**
   * Records that an operation of this migration drops {@code constraint} of {@code table} at
   * contract (so a {@code @DropTable} declared after it may drop the table the constraint
   * references).
   */
  public void dropsConstraint(String table, String constraint) {
    dropped.add(table + " constraint " + constraint);
  }

  /** Records that an operation of this migration drops {@code table} at contract. */
  public void dropsTable(String table) {
    dropped.add(table);
  }

  /**
   * Whether an operation declared earlier in this migration drops {@code constraint} of {@code
   * table} (null: the table itself) at contract.
   */
  public boolean dropsEarlier(String table, String constraint) {
    return dropped.contains(table)
        || constraint != null && dropped.contains(table + " constraint " + constraint);
  }

  /** The column exists now; otherwise reports why not (gone, or never declared). */
  public boolean present(Site site, String attribute, TableModel table, String column) {
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

  /** The column is not part of the primary key (reported when it is). */
  public boolean notKey(Site site, String attribute, TableModel table, ColumnModel column) {
    if (column.primaryKey()) {
      report.error(site, attribute, Message.PRIMARY_KEY_CHANGE, column.name(), table.name());
    }
    return !column.primaryKey();
  }

  /** The column does not exist yet (reported when it does). */
  public boolean absent(Site site, String attribute, TableModel table, String column) {
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
  public boolean claim(Site site, String attribute, OperationDecl op, String column) {
    String previous = touched.putIfAbsent(op.table() + "." + column, op.kind());
    if (previous == null) {
      return true;
    }
    report.error(
        site, attribute, Message.CONFLICTING_OPERATIONS, column, op.table(), previous, migrationId);
    return false;
  }

  /**
   * Records that this migration creates {@code op}'s table; false (not reported: the caller says
   * why) if another of its operations already did.
   */
  public boolean claimTable(OperationDecl op) {
    return touched.putIfAbsent(op.table(), op.kind()) == null;
  }
}
