package dev.straddle.processor.model;

import dev.straddle.plan.sql.TableName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of the schema model: its current columns and the ones earlier migrations dropped or
 * renamed.
 *
 * @param createdBy the id of the migration that created it, 0 for a baseline table
 */
public final class TableModel {

  private final TableName name;
  private final int createdBy;
  private final Map<String, ColumnModel> columns = new LinkedHashMap<>();
  private final Map<String, GoneColumn> gone = new LinkedHashMap<>();

  public TableModel(TableName name, int createdBy, List<ColumnModel> columns) {
    this.name = name;
    this.createdBy = createdBy;
    columns.forEach(c -> this.columns.put(c.name(), c));
  }

  public TableName name() {
    return name;
  }

  public int createdBy() {
    return createdBy;
  }

  /**
   * Whether every column is known: true for tables created by a migration; a baseline table may
   * have columns nobody declared.
   */
  public boolean complete() {
    return createdBy > 0;
  }

  /** The column, or null. */
  public ColumnModel column(String column) {
    return columns.get(column);
  }

  /** How an earlier migration removed {@code column}, or null. */
  public GoneColumn gone(String column) {
    return gone.get(column);
  }

  /** The columns earlier migrations dropped or renamed away (and that have not come back). */
  public List<GoneColumn> goneColumns() {
    return List.copyOf(gone.values());
  }

  public Set<String> columnNames() {
    return Set.copyOf(columns.keySet());
  }

  public List<ColumnModel> columns() {
    return List.copyOf(columns.values());
  }

  void add(ColumnModel column) {
    columns.put(column.name(), column);
    gone.remove(column.name());
  }

  void remove(String column, GoneColumn why) {
    columns.remove(column);
    gone.put(column, why);
  }
}
