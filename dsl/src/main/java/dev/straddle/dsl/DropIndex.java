package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops an index at contract with {@code DROP INDEX CONCURRENTLY IF EXISTS}, outside the contract
 * transaction: the old release may need it for its queries until then, and the concurrent drop
 * blocks neither reads nor writes. The index may be one an earlier migration created, one declared
 * with {@link ExistingIndex}, or, on a table declared with {@link ExistingTable}, any index
 * Straddle did not create: the runner refuses the migration before its expand, changing nothing,
 * when the index is not there. An index that backs a constraint (a primary key, a unique
 * constraint) is dropped with its constraint ({@link DropConstraint}), not here.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropIndex.List.class)
public @interface DropIndex {
  /** The index's table ({@code name} or {@code schema.name}); the index lives in its schema. */
  String table();

  String name();

  /** Holds repeated {@link DropIndex} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropIndex[] value();
  }
}
