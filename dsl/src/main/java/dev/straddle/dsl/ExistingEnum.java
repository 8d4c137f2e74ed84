package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an enum type that already exists when a team adopts Straddle, with all its labels in
 * their order, so migrations may use it ({@code @AddEnumValue}, {@code @DropEnumValue}, columns of
 * the type). Like {@link ExistingTable} it belongs on a class without {@code @Migration} and
 * creates nothing; the runner's drift check compares it with the live catalog.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ExistingEnum.List.class)
public @interface ExistingEnum {
  /** {@code name} or {@code schema.name}. */
  String name();

  /** Every label of the type, in their sort order. */
  String[] values();

  /** Holds repeated {@link ExistingEnum} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ExistingEnum[] value();
  }
}
