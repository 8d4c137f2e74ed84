package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a label to an enum type: {@code ALTER TYPE ... ADD VALUE IF NOT EXISTS}, at expand, in a
 * statement of its own that commits before the expand transaction (PostgreSQL refuses to use a
 * label in the transaction that added it), so the migration's defaults, checks and sync fragments
 * may use it. Old code may then read the new label in rows new code writes: when it cannot handle
 * it, give the column an {@code @AlterColumn} with a {@code down} that maps it to a label old code
 * knows.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(AddEnumValue.List.class)
public @interface AddEnumValue {
  /** The enum type, {@code name} or {@code schema.name}. */
  String type();

  /** The new label. */
  String value();

  /** An existing label the new one sorts right before; empty (and no {@link #after()}): last. */
  String before() default "";

  /** An existing label the new one sorts right after. */
  String after() default "";

  /** Holds repeated {@link AddEnumValue} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    AddEnumValue[] value();
  }
}
