package dev.straddle.processor.model;

import dev.straddle.processor.reading.ColumnDecl;

/**
 * A column as the schema model knows it.
 *
 * @param type the declared type, or empty when the model cannot know it
 * @param defaultValue a SQL default expression, or empty
 */
public record ColumnModel(
    String name,
    String type,
    boolean notNull,
    String defaultValue,
    boolean primaryKey,
    String identity) {

  /** A column that is not an identity column. */
  public ColumnModel(
      String name, String type, boolean notNull, String defaultValue, boolean primaryKey) {
    this(name, type, notNull, defaultValue, primaryKey, "");
  }

  /** As declared; an identity column is NOT NULL (PostgreSQL makes it so). */
  public static ColumnModel of(ColumnDecl decl) {
    return new ColumnModel(
        decl.name(),
        decl.type(),
        decl.notNull() || decl.isIdentity(),
        decl.defaultValue(),
        decl.primaryKey(),
        decl.generated());
  }

  public ColumnModel renamed(String to) {
    return new ColumnModel(to, type, notNull, defaultValue, primaryKey, identity);
  }

  /** Whether it is an identity column ({@link #identity}: {@code ALWAYS} or {@code BY DEFAULT}). */
  public boolean isIdentity() {
    return !identity.isEmpty();
  }

  /** The same column, NOT NULL or not (what {@code @SetNotNull} and {@code @DropNotNull} leave). */
  public ColumnModel withNotNull(boolean notNull) {
    return new ColumnModel(name, type, notNull, defaultValue, primaryKey, identity);
  }

  /** The same column with another default (empty: none). */
  public ColumnModel withDefault(String defaultValue) {
    return new ColumnModel(name, type, notNull, defaultValue, primaryKey, identity);
  }

  /** Whether PostgreSQL keeps the column NOT NULL: declared so, or part of the primary key. */
  public boolean neverNull() {
    return notNull || primaryKey;
  }

  public boolean hasDefault() {
    return !defaultValue.isEmpty();
  }
}
