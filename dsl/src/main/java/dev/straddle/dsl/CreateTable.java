package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Creates a table at expand. Old code does not know the table, so nothing needs syncing and
 * contract has nothing to do.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(CreateTable.List.class)
public @interface CreateTable {
  /** {@code name} or {@code schema.name}. */
  String name();

  Column[] columns();

  /** Holds repeated {@link CreateTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateTable[] value();
  }
}
