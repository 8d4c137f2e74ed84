package dev.straddle.processor.model;

import dev.straddle.plan.sql.PartitionKey;
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
  private final Map<String, ConstraintModel> constraints = new LinkedHashMap<>();
  private final Map<String, KeyModel> uniqueKeys = new LinkedHashMap<>();

  /** The text after {@code PARTITION BY}, empty for a plain table. */
  private final String partitionBy;

  /** The columns the partition key reads (empty for a plain table). */
  private final Set<String> partitionColumns;

  public TableModel(TableName name, int createdBy, List<ColumnModel> columns) {
    this(name, createdBy, columns, "");
  }

  public TableModel(TableName name, int createdBy, List<ColumnModel> columns, String partitionBy) {
    this.name = name;
    this.createdBy = createdBy;
    columns.forEach(c -> this.columns.put(c.name(), c));
    this.partitionBy = partitionBy;
    PartitionKey key = partitionBy.isEmpty() ? null : PartitionKey.parse(partitionBy);
    this.partitionColumns = key == null ? Set.of() : Set.copyOf(key.columns(this.columns.keySet()));
  }

  /** Whether the table is declared partitioned ({@code partitionBy}). */
  public boolean partitioned() {
    return !partitionBy.isEmpty();
  }

  /** The declared {@code partitionBy}, empty for a plain table. */
  public String partitionBy() {
    return partitionBy;
  }

  /** The columns the partition key reads. */
  public Set<String> partitionColumns() {
    return partitionColumns;
  }

  public TableName name() {
    return name;
  }

  /**
   * The same table under a new name (a rename): its columns, the ones it lost, its constraints and
   * keys come along.
   */
  TableModel renamed(TableName to) {
    TableModel out = new TableModel(to, createdBy, List.of());
    out.columns.putAll(columns);
    out.gone.putAll(gone);
    out.constraints.putAll(constraints);
    out.uniqueKeys.putAll(uniqueKeys);
    return out;
  }

  /** Replays a rename of a table its foreign keys reference. */
  void referencedTableRenamed(String from, String to) {
    constraints.replaceAll(
        (name, c) ->
            c.references().equals(from)
                ? new ConstraintModel(
                    c.name(), c.kind(), c.columns(), to, c.referencedColumns(), c.createdBy())
                : c);
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

  /** The constraint, or null when the model does not know it. */
  public ConstraintModel constraint(String name) {
    return constraints.get(name);
  }

  public Set<String> constraintNames() {
    return Set.copyOf(constraints.keySet());
  }

  public List<ConstraintModel> constraints() {
    return List.copyOf(constraints.values());
  }

  /** The primary key (when declared) and the unique keys the model knows. */
  public List<KeyModel> keys() {
    List<String> primary =
        columns.values().stream().filter(ColumnModel::primaryKey).map(ColumnModel::name).toList();
    java.util.ArrayList<KeyModel> out = new java.util.ArrayList<>();
    if (!primary.isEmpty()) {
      out.add(new KeyModel("", primary, createdBy));
    }
    out.addAll(uniqueKeys.values());
    return out;
  }

  void addConstraint(ConstraintModel constraint) {
    constraints.put(constraint.name(), constraint);
  }

  void addKey(KeyModel key) {
    uniqueKeys.put(key.name(), key);
  }

  void dropKey(String name) {
    uniqueKeys.remove(name);
  }

  void renameKey(String from, String to) {
    KeyModel key = uniqueKeys.remove(from);
    if (key != null) {
      uniqueKeys.put(to, new KeyModel(to, key.columns(), key.usableFrom()));
    }
  }

  void dropConstraint(String name) {
    constraints.remove(name);
    uniqueKeys.remove(name);
  }

  void renameConstraint(String from, String to) {
    ConstraintModel constraint = constraints.remove(from);
    constraints.put(
        to,
        constraint == null
            ? new ConstraintModel(to, ConstraintModel.Kind.UNKNOWN, List.of(), "", List.of(), 0)
            : constraint.renamed(to));
    KeyModel key = uniqueKeys.remove(from);
    if (key != null) {
      uniqueKeys.put(to, new KeyModel(to, key.columns(), key.usableFrom()));
    }
  }
}
