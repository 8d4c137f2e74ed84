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
  private final Map<String, ProcedureModel> procedures = new LinkedHashMap<>();
  private final Map<String, Map<String, TriggerModel>> triggers = new HashMap<>();
  private final Map<String, Integer> droppedFunctions = new HashMap<>();
  private final Map<String, Integer> droppedTriggers = new HashMap<>();
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
