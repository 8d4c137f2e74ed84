package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames a column without breaking the release that still uses the old name: expand adds {@link
 * #to()} beside {@link #from()} and keeps both in sync for writers of either release, backfill
 * copies pre-existing rows, contract drops {@link #from()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RenameColumn.List.class)
public @interface RenameColumn {
  String table();

  String from();

  String to();

  /**
   * The column's type, needed only when the processor cannot know it (a column of an existing table
   * that was not declared); must agree with the model when both are known.
   */
  String type() default "";

  /** Holds repeated {@link RenameColumn} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RenameColumn[] value();
  }
}
