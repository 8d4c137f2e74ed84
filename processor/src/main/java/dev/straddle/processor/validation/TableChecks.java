package dev.straddle.processor.validation;

import dev.straddle.plan.sql.PartitionKey;
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

  /**
   * A {@code partitionBy}: {@code METHOD (element, ...)}, safe to embed, its columns declared; on a
   * table Straddle creates, plain primary-key columns only (PostgreSQL requires the primary key to
   * hold the partition key, and refuses one on a key with expressions).
   */
  private boolean partitionBy(TableDecl table) {
    String text = table.partitionBy();
    if (text.isEmpty()) {
      return true;
    }
    if (!sql.expression(table.site(), "partitionBy", "partitionBy", text, true)) {
      return false;
    }
    PartitionKey key = PartitionKey.parse(text);
    if (key == null) {
      return partitionError(
          table,
          "write the partitioning method and the key, as after PARTITION BY: \"RANGE (created_at)\","
              + " \"LIST (region)\" or \"HASH (id)\"");
    }
    Set<String> declared = new HashSet<>();
    Set<String> primaryKey = new HashSet<>();
    for (ColumnDecl c : table.columns()) {
      declared.add(c.name());
      if (c.primaryKey()) {
        primaryKey.add(c.name());
      }
    }
    for (String element : key.elements()) {
      String column = PartitionKey.column(element);
      if (column == null && table instanceof CreateTableDecl) {
        return partitionError(
            table,
            "\""
                + element
                + "\" is an expression, and PostgreSQL refuses a primary key on a table partitioned"
                + " by one; partition a table Straddle creates by columns");
      }
      if (column != null && !declared.contains(column)) {
        return partitionError(
            table,
            "the key's column \""
                + column
                + "\" is not declared"
                + (table instanceof CreateTableDecl ? "" : " (declare it in columns)")
                + Suggestions.hint(column, declared));
      }
      if (column != null && table instanceof CreateTableDecl && !primaryKey.contains(column)) {
        return partitionError(
            table,
            "the key's column \""
                + column
                + "\" is not in the primary key, and PostgreSQL requires the primary key of a"
                + " partitioned table to hold every column of its partition key: declare it with"
                + " primaryKey = true");
      }
    }
    return true;
  }

  private boolean partitionError(TableDecl table, String why) {
    report.error(
        table.site(),
        "partitionBy",
        Message.INVALID_PARTITION_BY,
        table.name(),
        table.partitionBy(),
        why);
    return false;
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
    return ok && partitionBy(table);
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
