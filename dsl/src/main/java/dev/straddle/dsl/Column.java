package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A column of a {@link CreateTable} or an {@link ExistingTable}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Column {
  String name();

  /**
   * A PostgreSQL type name as written in DDL, e.g. {@code bigint}, {@code text}, {@code numeric(10,
   * 2)}, {@code timestamp(3) with time zone}, {@code text[]}; nothing else (NOT NULL, a default and
   * the primary key have attributes of their own).
   */
  String type();

  boolean notNull() default false;

  /** A SQL default expression; empty for none. */
  String defaultValue() default "";

  /** Part of the table's primary key (several columns make a composite key, in order). */
  boolean primaryKey() default false;
}
