package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops the default of an existing column, at contract: old code may leave the column out of its
 * inserts and rely on the default (a NOT NULL column without it would refuse them), so the default
 * stays while the old release runs.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropDefault.List.class)
public @interface DropDefault {
  String table();

  String column();

  /** Holds repeated {@link DropDefault} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropDefault[] value();
  }
}
