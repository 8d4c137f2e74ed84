package dev.straddle.plan;

import dev.straddle.plan.sql.Identifiers;
import java.util.List;

/**
 * A fact about the live catalog that a migration (or the baseline) relies on: a table, a column, a
 * constraint of a table, a unique key a foreign key references, an index of a table, an enum type
 * and its labels, a trigger of a table, a function, or how a baseline table is partitioned.
 *
 * @param subject what the fact is about
 * @param table {@code name} or {@code schema.name}; for an enum fact, the type's; for a function,
 *     its schema (empty: found through the {@code search_path})
 * @param name the column's, constraint's, index's, trigger's or function's name; for a key, its
 *     columns joined by {@code ,} (empty: the primary key); for an enum fact, a label; {@code null}
 *     for a fact about the table (or the enum type) itself
 * @param type a column's declared type, or empty when it was not declared; for an index that must
 *     exist, its declared shape ({@link #indexExists}); a function's argument types, comma
 *     separated; for a partitioning fact, the declared {@code partitionBy} (empty: a plain table);
 *     empty for other facts
 * @param present whether it must exist ({@code false}: must not exist yet)
 */
public record SchemaExpectation(
    Subject subject, String table, String name, String type, boolean present) {

  /** What a fact is about. */
  public enum Subject {
    TABLE,
    COLUMN,
    /** A constraint of the table, by name ({@code pg_constraint}, whatever its kind). */
    CONSTRAINT,
    /**
     * A unique key of the table that a foreign key can reference: the primary key, a unique
     * constraint or a unique index without predicate or expressions, on exactly these columns.
     */
    KEY,
    /**
     * An index of the table, by name; an absent one: no relation of the table's schema has the name
     * (indexes share the namespace of tables, views and sequences).
     */
    INDEX,
    /**
     * An enum type ({@code table} holds its name), or one of its labels ({@code name}): the type
     * exists as an enum, or no type of that name exists; the label is one of its labels, or not.
     */
    ENUM,
    /** A trigger of the table, by name ({@code pg_trigger}, not an internal one). */
    TRIGGER,
    /** A function with exactly these argument types ({@code regprocedure}). */
    FUNCTION,
    /**
     * How an existing table is partitioned, as its {@code @ExistingTable} declares: by the declared
     * method and key ({@code type} holds the {@code partitionBy}), or not at all ({@code type}
     * empty). A baseline fact only: the plan format does not carry it in a migration.
     */
    PARTITIONING
  }

  public static SchemaExpectation tableExists(String table) {
    return new SchemaExpectation(Subject.TABLE, table, null, "", true);
  }

  public static SchemaExpectation tableAbsent(String table) {
    return new SchemaExpectation(Subject.TABLE, table, null, "", false);
  }

  public static SchemaExpectation columnExists(String table, String column, String type) {
    return new SchemaExpectation(Subject.COLUMN, table, column, type, true);
  }

  public static SchemaExpectation columnAbsent(String table, String column) {
    return new SchemaExpectation(Subject.COLUMN, table, column, "", false);
  }

  /** The table has a constraint of this name (one the migration drops or renames). */
  public static SchemaExpectation constraintExists(String table, String constraint) {
    return new SchemaExpectation(Subject.CONSTRAINT, table, constraint, "", true);
  }

  /** No constraint of the table has this name yet (one the migration adds, or renames to). */
  public static SchemaExpectation constraintAbsent(String table, String constraint) {
    return new SchemaExpectation(Subject.CONSTRAINT, table, constraint, "", false);
  }

  /**
   * The table has a unique key on exactly {@code columns} (any order), which a foreign key can
   * reference; no columns: a primary key.
   */
  public static SchemaExpectation keyExists(String table, List<String> columns) {
    return new SchemaExpectation(Subject.KEY, table, String.join(",", columns), "", true);
  }

  /**
   * The table has an index of this name. {@code shape} empty: an index the migration drops or
   * renames, which must also back no constraint (PostgreSQL refuses to drop the index of a
   * constraint, and renaming it renames the constraint). Otherwise the shape an {@code
   * ExistingIndex} declares: {@code [unique ]<method>[ (<column>, ...)]}, e.g. {@code unique btree
   * (email)}; without the parenthesis the key columns are not compared.
   */
  public static SchemaExpectation indexExists(String table, String index, String shape) {
    return new SchemaExpectation(Subject.INDEX, table, index, shape, true);
  }

  /** No relation of the table's schema has this name yet (an index renamed to it). */
  public static SchemaExpectation indexAbsent(String table, String index) {
    return new SchemaExpectation(Subject.INDEX, table, index, "", false);
  }

  /** The index of an index fact, {@code null} for any other fact. */
  public String index() {
    return subject == Subject.INDEX ? name : null;
  }

  /** An enum type of this name exists ({@code present}), or no type of this name does. */
  public static SchemaExpectation enumType(String type, boolean present) {
    return new SchemaExpectation(Subject.ENUM, type, null, "", present);
  }

  /** The enum type {@code type} has the label {@code label} ({@code present}), or does not. */
  public static SchemaExpectation enumLabel(String type, String label, boolean present) {
    return new SchemaExpectation(Subject.ENUM, type, label, "", present);
  }

  /** The label of an enum label fact, {@code null} for any other fact. */
  public String label() {
    return subject == Subject.ENUM ? name : null;
  }

  /** The table has a trigger of this name (one the migration drops or moves). */
  public static SchemaExpectation triggerExists(String table, String trigger) {
    return new SchemaExpectation(Subject.TRIGGER, table, trigger, "", true);
  }

  /** The table has no trigger of this name yet (one the migration creates). */
  public static SchemaExpectation triggerAbsent(String table, String trigger) {
    return new SchemaExpectation(Subject.TRIGGER, table, trigger, "", false);
  }

  /**
   * The function {@code name(argumentTypes)} exists (one the migration adopts or drops); {@code
   * schema} empty: found through the {@code search_path}.
   */
  public static SchemaExpectation functionExists(String schema, String name, String argumentTypes) {
    return new SchemaExpectation(Subject.FUNCTION, schema, name, argumentTypes, true);
  }

  /** A function fact as SQL's {@code regprocedure} reads it: {@code schema.name(types)}. */
  public String functionSignature() {
    String quoted = Identifiers.quote(name);
    return (table.isEmpty() ? quoted : Identifiers.quote(table) + "." + quoted) + "(" + type + ")";
  }

  /**
   * The table is partitioned by {@code partitionBy} ({@code "RANGE (created_at)"}: the method and
   * the key's columns are compared, an expression element only as an expression), or, when it is
   * empty, not partitioned.
   */
  public static SchemaExpectation partitioning(String table, String partitionBy) {
    return new SchemaExpectation(Subject.PARTITIONING, table, null, partitionBy, true);
  }

  /** The declared {@code partitionBy} of a partitioning fact, {@code null} for any other fact. */
  public String partitionBy() {
    return subject == Subject.PARTITIONING ? type : null;
  }

  /** The column of a column fact, {@code null} for any other fact. */
  public String column() {
    return subject == Subject.COLUMN ? name : null;
  }

  /** The constraint of a constraint fact, {@code null} for any other fact. */
  public String constraint() {
    return subject == Subject.CONSTRAINT ? name : null;
  }

  /** The columns of a key fact (empty: the primary key), empty for any other fact. */
  public List<String> keyColumns() {
    return subject != Subject.KEY || name.isEmpty() ? List.of() : List.of(name.split(","));
  }
}
