package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Widens the type of a column in place, under the same name, without rewriting the table under an
 * ACCESS EXCLUSIVE lock. Only changes both releases can read are accepted (widenings such as {@code
 * integer}→{@code bigint} or {@code varchar(20)}→{@code varchar(100)}; the list is in
 * docs/ARCHITECTURE.md, "Column type changes"); anything else is a compile error: declare a new
 * column with {@link AddColumn} (with {@code up}/{@code down} conversions) and drop this one with
 * {@link DropColumn}.
 *
 * <p>A change PostgreSQL makes in the catalog alone (a longer {@code varchar}, a wider {@code
 * numeric} of the same scale) is one {@code ALTER COLUMN ... TYPE} at expand. Any other widening
 * adds a shadow column at expand that the sync trigger keeps equal to the column for writers of
 * both releases, the backfill fills it, and contract swaps it in under the column's name in one
 * short transaction (with its NOT NULL, default, sequence and primary key).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ChangeColumnType.List.class)
public @interface ChangeColumnType {
  String table();

  String column();

  /** The new type, e.g. {@code bigint}. */
  String type();

  /** Holds repeated {@link ChangeColumnType} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ChangeColumnType[] value();
  }
}
