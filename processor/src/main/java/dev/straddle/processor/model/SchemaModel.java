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

  /** The migration that creates the index {@code name}, or null. */
  public Integer indexCreatedBy(String name) {
    return indexes.get(name);
  }

  /** The table, or null. */
  public TableModel table(String name) {
    return tables.get(name);
  }

  public Set<String> tableNames() {
    return Set.copyOf(tables.keySet());
  }

  /** Declares a baseline table or a created one ({@code createdBy} > 0). */
  public void addTable(TableDecl decl, int createdBy) {
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

  /** Whether {@code decl} declares its primary key. */
  public static boolean hasPrimaryKey(TableDecl decl) {
    return decl.columns().stream().anyMatch(ColumnDecl::primaryKey);
  }
}
