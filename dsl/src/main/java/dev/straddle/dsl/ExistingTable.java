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

  /**
   * The table is partitioned: the text after {@code PARTITION BY} in its definition, such as {@code
   * "RANGE (created_at)"}. Empty (the default): a plain table. The runner detects partitioning at
   * run time either way (the backfill walks each partition, indexes are built on each), but only a
   * declared one lets the processor refuse what PostgreSQL cannot do on a partitioned table (a
   * {@code NOT VALID} foreign key, a constraint {@code USING INDEX}) and changes of the partition
   * key's columns; {@code verify} reports drift when the live table is partitioned otherwise (or
   * not at all), and when a table declared without it is partitioned.
   */
  String partitionBy() default "";

  /** Holds repeated {@link ExistingTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ExistingTable[] value();
  }
}
