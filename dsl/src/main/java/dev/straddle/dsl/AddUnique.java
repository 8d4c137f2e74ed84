package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes existing columns unique without blocking writes: the unique index (named like the
 * constraint) is built {@code CONCURRENTLY} at the end of the migration's backfill, and the
 * constraint is made from it at contract ({@code ADD CONSTRAINT ... UNIQUE USING INDEX}, catalog
 * only). From the index build on, every write, old code's included, must keep the columns unique; a
 * build that finds duplicates fails and is retried by the next run once they are resolved.
 *
 * <p>There is no {@code up}: making a row unique depends on the other rows, which a per-row
 * expression cannot see without racing concurrent writers (docs/ARCHITECTURE.md, "Constraints").
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AddUnique.List.class)
public @interface AddUnique {
  String table();

  /** The constraint's name, also its index's (index names share one namespace per schema). */
  String name();

  /** The columns that together are unique. */
  String[] columns();

  /** Holds repeated {@link AddUnique} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AddUnique[] value();
  }
}
