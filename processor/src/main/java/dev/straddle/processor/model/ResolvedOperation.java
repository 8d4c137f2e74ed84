package dev.straddle.processor.model;

import dev.straddle.plan.sql.TableName;
import java.util.Map;
import java.util.Set;

/**
 * What the schema model knew about an operation's table when the operation's migration ran (built
 * by the operation's kind, {@link dev.straddle.processor.kinds.OperationKind#resolve}).
 *
 * @param table the table, or null for an operation that is not on one table ({@code @RawSql}, see
 *     {@link dev.straddle.processor.reading.OperationDecl#table()})
 * @param subject the existing column it works on (renamed, dropped or altered), null for add and
 *     create
 * @param columnTypes the table's columns while the migration is in flight (old and new names) with
 *     their types (empty when unknown), for finding column references in expressions
 * @param tableIsNew the table is created by the operation's own migration: at its expand it has no
 *     rows, and no old code writes it
 * @param procedure the procedure version the operation calls (a trigger's function, as of its
 *     migration), or null
 * @param partitioned the table is declared partitioned ({@code partitionBy}) when the migration
 *     runs
 */
public record ResolvedOperation(
    TableName table,
    ColumnModel subject,
    Map<String, String> columnTypes,
    boolean tableIsNew,
    ProcedureModel procedure,
    boolean partitioned) {

  public ResolvedOperation(TableName table, ColumnModel subject, Map<String, String> columnTypes) {
    this(table, subject, columnTypes, false);
  }

  public ResolvedOperation(
      TableName table, ColumnModel subject, Map<String, String> columnTypes, boolean tableIsNew) {
    this(table, subject, columnTypes, tableIsNew, null);
  }

  public ResolvedOperation(
      TableName table,
      ColumnModel subject,
      Map<String, String> columnTypes,
      boolean tableIsNew,
      ProcedureModel procedure) {
    this(table, subject, columnTypes, tableIsNew, procedure, false);
  }

  public ResolvedOperation {
    columnTypes = Map.copyOf(columnTypes);
  }

  public Set<String> columns() {
    return columnTypes.keySet();
  }

  /** The type the model knows for {@code column}, or empty. */
  public String typeOf(String column) {
    return columnTypes.getOrDefault(column, "");
  }
}
