package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a foreign key without blocking the running release: {@code NOT VALID} at expand (no scan;
 * from then on every write, old code's included, must reference an existing row), validated at
 * contract outside any transaction (a scan under locks that block no writes).
 *
 * <p>The referenced columns must be a key (primary key or unique) when the migration expands. On a
 * table the same migration creates, the constraint is added valid right after the table.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AddForeignKey.List.class)
public @interface AddForeignKey {
  /** The referencing table. */
  String table();

  /** The constraint's name; constraint names are unique per table. */
  String name();

  /** The referencing columns, in the order of {@link #referencedColumns()}. */
  String[] columns();

  /** The referenced table. */
  String references();

  /** The referenced columns; empty for the referenced table's primary key. */
  String[] referencedColumns() default {};

  /** What deleting a referenced row does to the rows that reference it. */
  Action onDelete() default Action.NO_ACTION;

  /** What changing a referenced key does to the rows that reference it. */
  Action onUpdate() default Action.NO_ACTION;

  /** PostgreSQL's referential actions. */
  enum Action {
    NO_ACTION("NO ACTION"),
    RESTRICT("RESTRICT"),
    CASCADE("CASCADE"),
    SET_NULL("SET NULL"),
    SET_DEFAULT("SET DEFAULT");

    private final String sql;

    Action(String sql) {
      this.sql = sql;
    }

    /** The action as SQL, e.g. {@code SET NULL}. */
    public String sql() {
      return sql;
    }
  }

  /** Holds repeated {@link AddForeignKey} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AddForeignKey[] value();
  }
}
