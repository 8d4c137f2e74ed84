package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops a function Straddle does not version (a legacy overload, a helper nobody calls any more) at
 * contract: the release still running may call it until then. The runner checks before expand that
 * it exists with this signature. A versioned procedure's versions are dropped by the contract of
 * the version that replaces them, never by this.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropProcedure.List.class)
public @interface DropProcedure {

  String name();

  /** Its schema; empty: unqualified, found through the {@code search_path}. */
  String schema() default "";

  /**
   * Its argument types, comma separated (types only, e.g. {@code "text, integer"}): which overload
   * to drop; empty for none.
   */
  String arguments() default "";

  /** Holds repeated {@link DropProcedure} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropProcedure[] value();
  }
}
