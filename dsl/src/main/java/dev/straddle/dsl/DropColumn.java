package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops a column that the new release no longer uses. The column stays until contract, because the
 * old release still reads it; {@link #down()} says what it reads for rows written by new code,
 * which does not know the column.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropColumn.List.class)
public @interface DropColumn {
  String table();

  String column();

  /**
   * SQL expression over the table's other columns, stored in the column for rows written by new
   * code. Required for a NOT NULL column without a default.
   */
  String down() default "";

  /** Holds repeated {@link DropColumn} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropColumn[] value();
  }
}
