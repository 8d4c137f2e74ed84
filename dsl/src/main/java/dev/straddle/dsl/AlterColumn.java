package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Changes what the values of a column mean, in place (the column keeps its name and type).
 *
 * <p>{@link #up()} computes the new meaning from a row written by old code (and rewrites
 * pre-existing rows during backfill); {@link #down()} computes the old meaning from a row written
 * by new code, so the old release keeps reading what it understands. Exactly one is required: with
 * both, one stored column would hold two meanings, and what a row keeps would depend on which
 * release wrote it last (a change that needs both directions is a new column plus a drop).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AlterColumn.List.class)
public @interface AlterColumn {
  String table();

  String column();

  String up() default "";

  String down() default "";

  /** Holds repeated {@link AlterColumn} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AlterColumn[] value();
  }
}
