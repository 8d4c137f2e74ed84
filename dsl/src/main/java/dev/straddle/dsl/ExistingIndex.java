package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an index that exists before the migrations (on a table declared with {@link
 * ExistingTable}), like {@link ExistingTable} on any class without {@link Migration}; it creates
 * nothing. The processor then knows the index (a later {@link CreateIndex} cannot take its name, a
 * {@link DropIndex} or {@link RenameIndex} of it is checked), and the runner's {@code verify}
 * compares it with the live catalog: it exists on that table, with that uniqueness and method and,
 * when {@link #columns} are given, exactly those key columns in that order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ExistingIndex.List.class)
public @interface ExistingIndex {
  /** The index's table, declared with {@link ExistingTable}. */
  String table();

  String name();

  /** Its key columns in order; empty: not compared (an expression index, say). */
  String[] columns() default {};

  boolean unique() default false;

  IndexMethod method() default IndexMethod.BTREE;

  /** Holds repeated {@link ExistingIndex} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ExistingIndex[] value();
  }
}
