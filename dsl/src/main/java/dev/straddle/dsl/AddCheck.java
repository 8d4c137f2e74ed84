package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a {@code CHECK} constraint without blocking the running release: {@code NOT VALID} at expand
 * (no scan; from then on every write, old code's included, must satisfy it), validated at contract
 * outside any transaction (a scan under a lock that blocks no writes).
 *
 * <p>Old code that may write a value the check refuses, or rows that already violate it: give
 * {@link #column()} and {@link #up()}, the value {@code column} gets in a row that violates the
 * check. The sync trigger applies it to old code's writes (before the check sees them) and the
 * backfill to the rows that predate the expand; rows that satisfy the check are left as they are.
 *
 * <p>Without {@code up}, no row may violate the check and old code may write none: PostgreSQL
 * checks the whole new row on every update, so from expand on even an update that leaves the
 * checked columns alone fails on a row that violates it.
 *
 * <p>On a table the same migration creates, the constraint is added valid right after the table (it
 * has no rows and no old writers yet), and {@code up} is not needed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AddCheck.List.class)
public @interface AddCheck {
  String table();

  /** The constraint's name; constraint names are unique per table. */
  String name();

  /** The condition, SQL over the table's columns by bare name, e.g. {@code quantity > 0}. */
  String check();

  /** The column {@link #up()} assigns; empty without {@code up}. */
  String column() default "";

  /**
   * SQL expression over the table's columns: the value of {@link #column()} in a row that violates
   * the check (one where the check is false), for pre-existing rows and rows old code writes.
   */
  String up() default "";

  /** Holds repeated {@link AddCheck} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AddCheck[] value();
  }
}
