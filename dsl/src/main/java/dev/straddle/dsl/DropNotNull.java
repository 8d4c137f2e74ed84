package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets an existing NOT NULL column hold NULL. Old code was built on a column that always has a
 * value, so NOT NULL stays until contract and {@link #down()} gives the value stored where new code
 * writes NULL during the deploy; contract drops NOT NULL, from then on NULL is stored as written.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropNotNull.List.class)
public @interface DropNotNull {
  String table();

  String column();

  /**
   * SQL expression over the row, stored in the column where code that knows this migration writes
   * NULL while the old release still runs (old code reads it). Required.
   */
  String down() default "";

  /** Holds repeated {@link DropNotNull} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropNotNull[] value();
  }
}
