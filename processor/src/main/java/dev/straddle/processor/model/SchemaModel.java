package dev.straddle.processor.model;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.TableDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  private final Map<String, IndexModel> indexes = new HashMap<>();
  private final Map<String, EnumModel> enums = new LinkedHashMap<>();
  private final List<LiveExpression> live = new ArrayList<>();
  private final Map<String, ProcedureModel> procedures = new LinkedHashMap<>();
  private final Map<String, Map<String, TriggerModel>> triggers = new HashMap<>();
  private final Map<String, Integer> droppedFunctions = new HashMap<>();
  private final Map<String, Integer> droppedTriggers = new HashMap<>();
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
    IndexModel index = indexes.get(name);
    return index == null ? null : index.createdBy();
  }

  /** The index {@code name} (of any table: index names share the schema's namespace), or null. */
  public IndexModel index(String name) {
    return indexes.get(name);
  }

  /** The names of the indexes the model knows. */
  public Set<String> indexNames() {
    return Set.copyOf(indexes.keySet());
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
            decl.columns().stream().map(ColumnModel::of).toList(),
            decl.partitionBy()));
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

  /** Replays an index created by a migration, or declared before them. */
  public void addIndex(IndexModel index) {
    indexes.put(index.name(), index);
  }

  /** Replays an index dropped, with the key it made, if any. */
  public void dropIndex(String table, String name) {
    String what = "index \"" + name + "\"";
    live.removeIf(e -> e.table().equals(table) && e.what().equals(what));
    indexes.remove(name);
    tables.get(table).dropKey(name);
  }

  /**
   * Replays an index renamed; a baseline index the model did not know is learnt by its new name,
   * its columns unknown.
   */
  public void renameIndex(String table, String from, String to) {
    String what = "index \"" + from + "\"";
    List<LiveExpression> moved =
        live.stream().filter(e -> e.table().equals(table) && e.what().equals(what)).toList();
    live.removeAll(moved);
    moved.forEach(
        e ->
            live.add(new LiveExpression(table, "index \"" + to + "\"", e.text(), e.migrationId())));
    IndexModel index = indexes.remove(from);
    indexes.put(
        to,
        index == null
            ? new IndexModel(to, table, java.util.List.of(), false, "", "", 0)
            : index.renamed(to));
    tables.get(table).renameKey(from, to);
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
    String what = "check \"" + name + "\"";
    live.removeIf(e -> e.table().equals(table) && e.what().equals(what));
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
      IndexModel index = indexes.remove(from);
      if (index != null) {
        indexes.put(to, index.renamed(to));
      }
    }
    tables.get(table).renameConstraint(from, to);
  }

  private boolean unique(String table, String name) {
    ConstraintModel constraint = constraint(table, name);
    return constraint != null && constraint.kind() == ConstraintModel.Kind.UNIQUE;
  }

  /**
   * An expression that outlives its migration and that PostgreSQL stores parsed (a check, an
   * index's {@code where}): {@code DropEnumValue} must not remove a label it uses.
   *
   * @param what e.g. {@code check "jobs_status_known"}
   */
  public record LiveExpression(String table, String what, String text, int migrationId) {}

  /** The enum type {@code name}, or null. */
  public EnumModel enumType(String name) {
    return enums.get(name);
  }

  public Set<String> enumNames() {
    return Set.copyOf(enums.keySet());
  }

  /**
   * The enum type of columns declared with {@code type} (the type as written, without array
   * brackets or modifiers it is not an enum), or null.
   */
  public EnumModel enumOfColumnType(String type) {
    return enums.get(type.trim().toLowerCase(Locale.ROOT));
  }

  /** Declares a baseline enum type or a created one ({@code createdBy} > 0). */
  public void addEnum(String name, List<String> labels, int createdBy) {
    enums.put(name, new EnumModel(name, createdBy, labels));
  }

  /** Replays a label added to {@code type} before or after {@code neighbour} (empty: last). */
  public void addEnumLabel(String type, String label, String neighbour, boolean before) {
    enums.get(type).add(label, neighbour, before);
  }

  /**
   * Replays a label removed ({@code renamedTo} null) or renamed by migration {@code migrationId}.
   */
  public void removeEnumLabel(String type, String label, int migrationId, String renamedTo) {
    enums.get(type).remove(label, migrationId, renamedTo);
  }

  /** Replays a check or an index predicate that stays after its migration. */
  public void addLiveExpression(LiveExpression expression) {
    live.add(expression);
  }

  /** The checks and index predicates that exist now. */
  public List<LiveExpression> liveExpressions() {
    return List.copyOf(live);
  }

  /** The latest valid version of the logical procedure {@code name} (0: adopted), or null. */
  public ProcedureModel procedure(String name) {
    return procedures.get(name);
  }

  /** The latest version of every procedure, in order of first declaration. */
  public java.util.Collection<ProcedureModel> procedures() {
    return java.util.List.copyOf(procedures.values());
  }

  /** Replays a procedure version (or an adopted function) becoming the latest of its name. */
  public void putProcedure(ProcedureModel procedure) {
    procedures.put(procedure.decl().name(), procedure);
  }

  /** The trigger {@code name} of {@code table} that Straddle created, or null. */
  public TriggerModel trigger(String table, String name) {
    return triggers.getOrDefault(table, Map.of()).get(name);
  }

  /** Every trigger Straddle created (and no migration dropped), by table and name. */
  public java.util.List<TriggerModel> triggers() {
    return triggers.values().stream()
        .flatMap(t -> t.values().stream())
        .sorted(
            java.util.Comparator.comparing((TriggerModel t) -> t.table().toString())
                .thenComparing(TriggerModel::name))
        .toList();
  }

  /** Every trigger Straddle created that calls the logical procedure {@code procedure}. */
  public java.util.List<TriggerModel> triggersCalling(String procedure) {
    return triggers.values().stream()
        .flatMap(t -> t.values().stream())
        .filter(t -> t.procedure().equals(procedure))
        .sorted(
            java.util.Comparator.comparing((TriggerModel t) -> t.table().toString())
                .thenComparing(TriggerModel::name))
        .toList();
  }

  /** Replays a trigger created. */
  public void addTrigger(String table, TriggerModel trigger) {
    triggers.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(trigger.name(), trigger);
  }

  /** The migration whose contract drops the trigger {@code name} of {@code table}, or null. */
  public Integer triggerDroppedBy(String table, String name) {
    return droppedTriggers.get(table + "." + name);
  }

  /** Replays a trigger dropped (also one Straddle did not create) by migration {@code by}. */
  public void dropTrigger(String table, String name, int by) {
    droppedTriggers.put(table + "." + name, by);
    Map<String, TriggerModel> ofTable = triggers.get(table);
    if (ofTable != null) {
      ofTable.remove(name);
    }
  }

  /**
   * The migration whose contract drops the function {@code signature} ({@link #functionSignature})
   * with {@code @DropProcedure}, or null.
   */
  public Integer functionDroppedBy(String signature) {
    return droppedFunctions.get(signature);
  }

  /** Replays a function dropped with {@code @DropProcedure}. */
  public void dropFunction(String signature, int migrationId) {
    droppedFunctions.put(signature, migrationId);
  }

  /** {@code schema.name(types)}, lower case and without spaces: compares two declarations. */
  public static String functionSignature(String schema, String name, String types) {
    String qualified = schema.isEmpty() ? name : schema + "." + name;
    return (qualified + "(" + types + ")")
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("\\s+", "");
  }

  /** Whether {@code decl} declares its primary key. */
  public static boolean hasPrimaryKey(TableDecl decl) {
    return decl.columns().stream().anyMatch(ColumnDecl::primaryKey);
  }
}
