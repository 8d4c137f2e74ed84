package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops a constraint (a check, a foreign key, a unique constraint) at contract: the old release may
 * rely on it until then (values it reads, {@code ON CONFLICT}, cascading deletes), so new code must
 * still satisfy it while both releases run.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropConstraint.List.class)
public @interface DropConstraint {
  String table();

  String name();

  /** Holds repeated {@link DropConstraint} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropConstraint[] value();
  }
}
