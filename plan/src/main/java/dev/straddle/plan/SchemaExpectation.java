package dev.straddle.plan;

import dev.straddle.plan.sql.Identifiers;
import java.util.List;

/**
 * A fact about the live catalog that a migration (or the baseline) relies on: a table, a column, a
 * constraint of a table, a unique key a foreign key references, a trigger of a table, or a
 * function.
 *
 * @param subject what the fact is about
 * @param table {@code name} or {@code schema.name}; for a function, its schema (empty: found
 *     through the {@code search_path})
 * @param name the column's, constraint's, trigger's or function's name; for a key, its columns
 *     joined by {@code ,} (empty: the primary key); {@code null} for a fact about the table itself
 * @param type a column's declared type, or empty when it was not declared; a function's argument
 *     types, comma separated; empty for other facts
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
    /** A trigger of the table, by name ({@code pg_trigger}, not an internal one). */
    TRIGGER,
    /** A function with exactly these argument types ({@code regprocedure}). */
    FUNCTION
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
