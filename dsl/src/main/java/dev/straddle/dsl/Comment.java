package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the comment of a table, or of one of its columns ({@code COMMENT ON}), at expand: a catalog
 * change that blocks neither release's reads or writes. It applies to the schema as its migration
 * leaves it, so it may describe a table or column the same migration creates, adds or renames to.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Comment.List.class)
public @interface Comment {
  String table();

  /** The column; empty for a comment on the table itself. */
  String column() default "";

  /** The comment, plain text (quoted by Straddle); empty removes the comment. */
  String text();

  /** Holds repeated {@link Comment} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    Comment[] value();
  }
}
