package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a column at expand.
 *
 * <p>{@link #up()} computes the new column from the old ones: it fills every pre-existing row
 * during backfill, and every row written by code that predates the migration (through the sync
 * trigger). A {@link #notNull()} column is enforced by a {@code CHECK (...) NOT VALID} at expand
 * and becomes a real {@code NOT NULL} at contract, so adding it never scans the table under an
 * exclusive lock.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AddColumn.List.class)
public @interface AddColumn {
  String table();

  String column();

  String type();

  boolean notNull() default false;

  /** A SQL default expression; empty for none. */
  String defaultValue() default "";

  /** SQL expression over the table's other columns; empty when old rows need no value. */
  String up() default "";

  /** Holds repeated {@link AddColumn} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AddColumn[] value();
  }
}
