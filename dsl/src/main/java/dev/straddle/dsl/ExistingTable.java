package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a table that already exists when a team adopts Straddle on a live database, with the
 * columns migrations touch or refer to. It belongs on any class of the compilation (a {@code
 * Baseline} class, say), not on a migration; it creates nothing. The processor validates migrations
 * against it, and the runner's drift check compares it with the live catalog before changing
 * anything.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ExistingTable.List.class)
public @interface ExistingTable {
  /** {@code name} or {@code schema.name}. */
  String name();

  /** The columns migrations use; columns nobody touches may be left out. */
  Column[] columns();

  /** Holds repeated {@link ExistingTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ExistingTable[] value();
  }
}
