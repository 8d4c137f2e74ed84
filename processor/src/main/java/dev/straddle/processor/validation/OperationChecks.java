package dev.straddle.processor.validation;

import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final EnumChecks enums;

  /** Enum types this migration creates (their kind claimed them). */
  private final Set<String> enumsCreated = new HashSet<>();

  private final List<OperationDecl> operations;

  /**
   * Columns already changed by this migration ("table.column") and tables it creates ("table"),
   * with the kind of the operation that did it.
   */
  private final Map<String, String> touched = new HashMap<>();

  /** Tables and constraints ("table constraint name") this migration's operations drop. */
  private final java.util.Set<String> dropped = new java.util.HashSet<>();

  OperationChecks(
      ValidationReport report, SchemaModel model, int migrationId, List<OperationDecl> operations) {
    this.report = report;
    this.operations = List.copyOf(operations);
    this.sql = new Sql(report);
    this.model = model;
    this.migrationId = migrationId;
    this.tables = new TableChecks(report, model);
    this.enums = new EnumChecks(report, model, migrationId);
  }

  /** Checks of enum types and labels. */
  public EnumChecks enums() {
    return enums;
  }

  /**
   * A column's {@code type} is not a near miss of a known enum type, counting those this migration
   * creates (reported when it is).
   */
  public boolean columnType(Site site, String attribute, String what, String type) {
    return enums.columnType(site, attribute, what, type, enumsCreated);
  }

  /** Whether an {@code @AddEnumValue} of this migration, declared before, adds {@code label}. */
  public boolean addedHere(String type, String label) {
    return "AddEnumValue".equals(touched.get("enum " + type + " '" + label + "'"));
  }

  /**
   * Records that this migration changes the enum type {@code type} with {@code op} ({@code
   * creates}: creates it); false (reported) when another operation of the migration creates it, or
   * changes the same label ({@code label}; empty for a creation).
   */
  public boolean claimEnum(
      Site site, String attribute, OperationDecl op, String type, String label, boolean creates) {
    String created = touched.get("enum " + type);
    if (created != null) {
      report.error(
          site,
          attribute,
          Message.ENUM_CONFLICT,
          type,
          created,
          migrationId,
          creates
              ? "an enum type is created once"
              : "declare every label of a type the migration creates in its @CreateEnum");
      return false;
    }
    if (creates) {
      touched.put("enum " + type, op.kind());
      enumsCreated.add(type);
      return true;
    }
    String previous = touched.putIfAbsent("enum " + type + " '" + label + "'", op.kind());
    if (previous == null) {
      return true;
    }
    report.error(
        site,
        attribute,
        Message.ENUM_CONFLICT,
        type,
        previous,
        migrationId,
        "one migration may change a label only once ('" + label + "')");
    return false;
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

  /** Every operation the migration declares, valid or not, in declaration order. */
  public List<OperationDecl> operations() {
    return operations;
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

  /**
   * Kinds that may change a column of a partition key: they change neither its values nor its type
   * (docs/ARCHITECTURE.md, "Partitioned tables").
   */
  private static final Set<String> HARMLESS_ON_PARTITION_KEY = Set.of("SetDefault", "DropDefault");

  /**
   * Records that this migration changes {@code column}; false if another operation already did, or
   * if it is in the partition key of a table declared partitioned.
   */
  public boolean claim(Site site, String attribute, OperationDecl op, String column) {
    TableModel table = model.table(op.table());
    if (table != null
        && table.partitionColumns().contains(column)
        && !HARMLESS_ON_PARTITION_KEY.contains(op.kind())) {
      report.error(
          site,
          attribute,
          Message.PARTITION_KEY_CHANGE,
          column,
          op.table(),
          table.partitionBy(),
          op.kind());
      return false;
    }
    String previous = touched.putIfAbsent(op.table() + "." + column, op.kind());
    if (previous == null) {
      return true;
    }
    report.error(
        site, attribute, Message.CONFLICTING_OPERATIONS, column, op.table(), previous, migrationId);
    return false;
  }

  /**
   * The operation is not on a live table declared partitioned (reported when it is: {@code why}
   * says what PostgreSQL cannot do there and what to do instead). A table the same migration
   * creates is empty and unknown to old code, so there the operation is added valid at once and
   * allowed.
   */
  public boolean notPartitioned(Site site, OperationDecl op, TableModel table, String why) {
    if (!table.partitioned() || table.createdBy() == migrationId) {
      return true;
    }
    report.error(
        site, "table", Message.PARTITIONED_TABLE, op.kind(), op.table(), table.partitionBy(), why);
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
