package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Creates an index without blocking writes: {@code CREATE INDEX CONCURRENTLY}, outside any
 * transaction, during the migration's backfill phase (after the rows are filled, so the backfill
 * does not maintain it row by row, and before code that needs the migration may start, since that
 * code needs the migration backfilled). An index on a column the same migration adds or renames is
 * fine. When a build fails (a duplicate value for a unique index, say) PostgreSQL leaves an INVALID
 * index behind; the runner drops it, reports the failure, and rebuilds it on the next run.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(CreateIndex.List.class)
public @interface CreateIndex {
  String table();

  /** The index's name; index names share one namespace per schema. */
  String name();

  /** The indexed columns, in order. */
  String[] columns();

  boolean unique() default false;

  /** A partial index's predicate (SQL over the table's columns); empty for none. */
  String where() default "";

  /** Holds repeated {@link CreateIndex} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateIndex[] value();
  }
}
