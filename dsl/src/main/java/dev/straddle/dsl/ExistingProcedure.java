package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adopts a function Straddle did not create as "version 0" of a procedure: the hand-written
 * function {@code name(arguments)} itself (no {@code _v} suffix). The declaring migration creates
 * nothing; the runner checks before its expand that the function exists with this signature. The
 * generated {@code Procedures} class names it until a later {@link Procedure} version 1 (in the
 * same or a later migration) replaces it; that version's contract drops it, as it drops any
 * superseded version. A trigger may call it ({@link CreateTrigger}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ExistingProcedure.List.class)
public @interface ExistingProcedure {

  /** The existing function's name, which is also the procedure's logical name. */
  String name();

  /** Its schema; empty: unqualified, found through the {@code search_path}. */
  String schema() default "";

  /**
   * Its argument types, comma separated, as PostgreSQL identifies the function (e.g. {@code "text,
   * integer"}: types only, without names, modes or defaults); empty for none.
   */
  String arguments() default "";

  /** Its return type, e.g. {@code "bigint"} or {@code "trigger"}. */
  String returns();

  /** Holds repeated {@link ExistingProcedure} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ExistingProcedure[] value();
  }
}
