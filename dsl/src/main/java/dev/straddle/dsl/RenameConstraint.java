package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames a constraint at contract (catalog only). A constraint has one name at a time: until
 * contract it keeps the old one, which the running old release may name ({@code ON CONFLICT ON
 * CONSTRAINT}, error handling by constraint name); new code must not rely on the new name before
 * contract.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RenameConstraint.List.class)
public @interface RenameConstraint {
  String table();

  String from();

  String to();

  /** Holds repeated {@link RenameConstraint} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RenameConstraint[] value();
  }
}
