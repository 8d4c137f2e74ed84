package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops a table at contract, once no instance of the release that still uses it is alive (the
 * contract guard). No later migration may use it; a foreign key of another table that references it
 * must be dropped first (in an earlier migration, or by a {@link DropConstraint} declared before
 * this annotation in the same migration).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropTable.List.class)
public @interface DropTable {
  /** The table, {@code name} or {@code schema.name}. */
  String name();

  /** Holds repeated {@link DropTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropTable[] value();
  }
}
