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

  /**
   * Creates a partitioned table: the text after {@code PARTITION BY}, such as {@code "RANGE
   * (created_at)"}, {@code "LIST (region)"} or {@code "HASH (id)"}, with plain column names, each
   * one also a primary-key column (PostgreSQL requires the primary key to hold the partition key).
   * Empty (the default): a plain table. Partitions are created outside Straddle (by the application
   * or by hand, {@code CREATE TABLE ... PARTITION OF}); the runner finds them in the catalog when
   * it backfills or builds an index. The processor refuses what PostgreSQL cannot do on a
   * partitioned table (see the README, "Partitioned tables").
   */
  String partitionBy() default "";

  /** Holds repeated {@link CreateTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateTable[] value();
  }
}
