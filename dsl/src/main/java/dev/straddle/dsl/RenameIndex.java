package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames an index at contract ({@code ALTER INDEX ... RENAME TO}, a catalog change). Queries do
 * not name indexes, so the rename is harmless to both releases; code that does name one (a planner
 * hint, a maintenance script) sees the old name until contract, like a renamed constraint. The
 * index of a constraint is renamed with the constraint ({@link RenameConstraint}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RenameIndex.List.class)
public @interface RenameIndex {
  /** The index's table ({@code name} or {@code schema.name}); the index lives in its schema. */
  String table();

  String from();

  String to();

  /** Holds repeated {@link RenameIndex} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RenameIndex[] value();
  }
}
