package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets (or replaces) the default of an existing column, at expand: a catalog change that reads and
 * writes no row, whatever the default (a volatile one such as {@code gen_random_uuid()} too). From
 * expand on, inserts of both releases that leave the column out get it; existing rows keep their
 * values.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(SetDefault.List.class)
public @interface SetDefault {
  String table();

  String column();

  /** SQL expression, the new default. */
  String defaultValue();

  /** Holds repeated {@link SetDefault} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    SetDefault[] value();
  }
}
