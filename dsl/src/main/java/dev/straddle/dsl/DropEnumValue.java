package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes a label from an enum type at contract, once no old code writes it: rows that still hold
 * it get {@link #replacement()} (the data step), then every column of the type is moved to a new
 * enum type without the label, which takes the old type's name (PostgreSQL cannot drop a label).
 * The move rewrites each table that has such a column, under an ACCESS EXCLUSIVE lock, in the
 * contract transaction; triggers naming such a column are dropped and created again around it, and
 * the PL/pgSQL functions that may hold plans on the type are issued again, so sessions opened
 * before the contract compile them afresh. A view, rule or policy reading such a column fails the
 * contract, which changes nothing (docs/ARCHITECTURE.md, "Enum types").
 *
 * <p>Until contract the label exists: the old release writes it, and the migration's own sync
 * fragments may use it (to map it to and from whatever replaces it, e.g. a new boolean column). No
 * default, check, index or later migration's expression may use it (a compile error).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropEnumValue.List.class)
public @interface DropEnumValue {
  /** The enum type, {@code name} or {@code schema.name}. */
  String type();

  /** The label to remove. */
  String value();

  /** The label rows that still hold {@link #value()} at contract get; another existing label. */
  String replacement();

  /** Holds repeated {@link DropEnumValue} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropEnumValue[] value();
  }
}
