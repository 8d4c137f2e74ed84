package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an existing column NOT NULL without blocking the running release: a {@code CHECK (column IS
 * NOT NULL) NOT VALID} at expand (new writes are checked from then on, existing rows are not read),
 * the rows that hold NULL filled by the backfill with {@link #up()}, then at contract the check
 * validated (a scan that does not block writes), {@code SET NOT NULL} (no scan: the valid check is
 * the proof) and the check dropped.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(SetNotNull.List.class)
public @interface SetNotNull {
  String table();

  String column();

  /**
   * SQL expression over the row, the value a row gets where the column holds NULL: rows that
   * predate the expand (backfill), and rows old code writes with NULL during the deploy (the sync
   * trigger; old code was built on a nullable column). Required: without it old code's writes of
   * NULL would fail the new check.
   */
  String up() default "";

  /** Holds repeated {@link SetNotNull} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    SetNotNull[] value();
  }
}
