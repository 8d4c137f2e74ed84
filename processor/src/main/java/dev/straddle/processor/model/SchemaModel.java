package dev.straddle.processor.model;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.TableDecl;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The schema as the replay of every migration (in id order) over the baseline leaves it. The
 * validator asks it questions before applying each operation, so an error always describes the
 * schema the operation was written against. Each operation kind replays itself through the methods
 * below ({@link dev.straddle.processor.kinds.OperationKind#apply}).
 */
public final class SchemaModel {

  private final Map<String, TableModel> tables = new LinkedHashMap<>();
  private final Map<String, Integer> indexes = new HashMap<>();
  private final Map<String, GoneColumn> goneTables = new HashMap<>();
  private int replaying;

  /**
   * Starts replaying migration {@code id}: what {@link #replaying()} says while its operations are
   * checked, resolved and applied.
   */
  public void startMigration(int id) {
    replaying = id;
  }

  /** The migration whose operations are being replayed (0 for the baseline). */
  public int replaying() {
    return replaying;
  }

  /** Whether {@code table} is created by the migration being replayed. */
  public boolean createdNow(String table) {
    TableModel model = tables.get(table);
    return model != null && replaying > 0 && model.createdBy() == replaying;
  }

  /** The migration that creates the index {@code name}, or null. */
  public Integer indexCreatedBy(String name) {
    return indexes.get(name);
  }

  /** The table, or null. */
  public TableModel table(String name) {
    return tables.get(name);
  }

  /**
   * How an earlier migration took the table's name away (its {@link GoneColumn#describe()}: {@code
   * renamed to "x" by migration 6}, {@code dropped by migration 7}), or null.
   */
  public GoneColumn goneTable(String name) {
    return goneTables.get(name);
  }

  /**
   * Replays a table renamed: it is known by its new name from now on, with everything the model
   * knew about it; foreign keys that reference it reference the new name.
   */
  public void renameTable(String from, String to, int migrationId) {
    TableModel table = tables.remove(from);
    tables.put(to, table.renamed(TableName.parse(to)));
    goneTables.remove(to);
    goneTables.put(from, new GoneColumn(from, migrationId, to));
    tables.values().forEach(t -> t.referencedTableRenamed(from, to));
  }

  /** Replays a table dropped: forgotten, with its indexes. */
  public void dropTable(String name, int migrationId) {
    tables.remove(name);
    goneTables.put(name, new GoneColumn(name, migrationId, null));
  }

  public Set<String> tableNames() {
    return Set.copyOf(tables.keySet());
  }

  /** Declares a baseline table or a created one ({@code createdBy} > 0). */
  public void addTable(TableDecl decl, int createdBy) {
    goneTables.remove(decl.name());
    tables.put(
        decl.name(),
        new TableModel(
            TableName.parse(decl.name()),
            createdBy,
            decl.columns().stream().map(ColumnModel::of).toList()));
  }

  /**
   * The types of {@code table}'s columns as of now (empty when the table is unknown): the start of
   * an operation's {@link ResolvedOperation#columnTypes}. A new map the caller may add to.
   */
  public Map<String, String> columnTypes(String table) {
    Map<String, String> columns = new HashMap<>();
    TableModel model = tables.get(table);
    if (model != null) {
      model.columns().forEach(c -> columns.put(c.name(), c.type()));
    }
    return columns;
  }

  /** The column of {@code table} as of now, or null when the table or the column is unknown. */
  public ColumnModel column(String table, String column) {
    TableModel model = tables.get(table);
    return model == null ? null : model.column(column);
  }

  /** Replays a column added to {@code table} (or a renamed one's new name). */
  public void addColumn(String table, ColumnModel column) {
    tables.get(table).add(column);
  }

  /** Replays a change of an existing column's attributes (same name, same place). */
  public void changeColumn(String table, ColumnModel column) {
    tables.get(table).add(column);
  }

  /** Replays a column removed from {@code table} by a drop or a rename. */
  public void removeColumn(String table, GoneColumn why) {
    tables.get(table).remove(why.name(), why);
  }

  /** Replays an index created by migration {@code migrationId}. */
  public void addIndex(String name, int migrationId) {
    indexes.put(name, migrationId);
  }

  /** The constraint {@code name} of {@code table}, or null when the model does not know it. */
  public ConstraintModel constraint(String table, String name) {
    TableModel model = tables.get(table);
    return model == null ? null : model.constraint(name);
  }

  /** Replays a constraint added to {@code table}. */
  public void addConstraint(String table, ConstraintModel constraint) {
    tables.get(table).addConstraint(constraint);
  }

  /** Replays columns of {@code table} becoming unique together (a constraint or an index). */
  public void addKey(String table, KeyModel key) {
    tables.get(table).addKey(key);
  }

  /** Replays a constraint dropped (with the key and the index it made, if any). */
  public void dropConstraint(String table, String name) {
    if (unique(table, name)) {
      indexes.remove(name);
    }
    tables.get(table).dropConstraint(name);
  }

  /**
   * Replays a constraint renamed (a baseline one the model did not know is learnt by name); a
   * unique constraint's index takes the new name with it, as in PostgreSQL.
   */
  public void renameConstraint(String table, String from, String to) {
    if (unique(table, from)) {
      Integer createdBy = indexes.remove(from);
      if (createdBy != null) {
        indexes.put(to, createdBy);
      }
    }
    tables.get(table).renameConstraint(from, to);
  }

  private boolean unique(String table, String name) {
    ConstraintModel constraint = constraint(table, name);
    return constraint != null && constraint.kind() == ConstraintModel.Kind.UNIQUE;
  }

  /** Whether {@code decl} declares its primary key. */
  public static boolean hasPrimaryKey(TableDecl decl) {
    return decl.columns().stream().anyMatch(ColumnDecl::primaryKey);
  }
}
