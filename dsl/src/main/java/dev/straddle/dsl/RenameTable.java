package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames a table while the old name keeps working for the running release: expand renames the
 * table (catalog only) and creates a view under the old name ({@code SELECT *} of the renamed
 * table, which PostgreSQL updates automatically: the old release's {@code SELECT}, {@code INSERT},
 * {@code UPDATE}, {@code DELETE}, {@code RETURNING} and {@code ON CONFLICT} go through it to the
 * table, with the table's defaults and triggers); contract drops the view. What the old release
 * cannot do through the view (TRUNCATE, COPY, ALTER, system columns, {@code
 * pg_get_serial_sequence}) is listed in the README's limits.
 *
 * <p>Both names must be in the same schema ({@code to} written like {@code from}). A migration that
 * renames a table holds no other operation on it, under either name; later migrations use the new
 * name.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RenameTable.List.class)
public @interface RenameTable {
  /** The table's current name, {@code name} or {@code schema.name}. */
  String from();

  /** Its new name, in the same schema. */
  String to();

  /** Holds repeated {@link RenameTable} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RenameTable[] value();
  }
}
