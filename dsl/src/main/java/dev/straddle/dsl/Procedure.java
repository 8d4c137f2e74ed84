package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One version of a stored function. The database object is {@code <name>_v<version>}: the expand of
 * the declaring migration creates it ({@code CREATE FUNCTION}, never {@code OR REPLACE}); the
 * contract of the same migration drops version {@code version - 1}, which older code still calls
 * until then. The generated {@code Procedures} class names the current version of each procedure
 * for application code.
 *
 * <p>Versions of one name start at 1 and each next version is the previous one plus 1, declared by
 * a later migration. An applied version is immutable: the runner refuses a changed body or
 * signature and asks for a new version.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Procedure.List.class)
public @interface Procedure {

  /** The logical name, a lower-case identifier without the version, e.g. {@code fetch_job}. */
  String name();

  /** 1 for the first version, then each new version is the previous plus 1. */
  int version();

  /**
   * Schema of the function; empty (the default) leaves it unqualified, found through the {@code
   * search_path} like unqualified tables.
   */
  String schema() default "";

  /** The raw SQL argument list without parentheses, e.g. {@code "target_queue text"}. */
  String arguments() default "";

  /** The raw SQL return type, e.g. {@code "SETOF jobs"}, {@code "bigint"}, {@code "void"}. */
  String returns();

  Language language() default Language.PLPGSQL;

  Volatility volatility() default Volatility.VOLATILE;

  Security security() default Security.INVOKER;

  /** {@code STRICT}: the function returns null, without running, when an argument is null. */
  boolean strict() default false;

  /**
   * Extra {@code SET} clauses of the function, e.g. {@code "search_path = public"} (recommended
   * with {@link Security#DEFINER}).
   */
  String[] set() default {};

  /** The function body (a text block), without dollar quotes. */
  String body();

  /** Language of the body. */
  enum Language {
    SQL,
    PLPGSQL
  }

  /** How the function's result depends on the database (PostgreSQL volatility). */
  enum Volatility {
    VOLATILE,
    STABLE,
    IMMUTABLE
  }

  /** Whose privileges the function runs with. */
  enum Security {
    INVOKER,
    DEFINER
  }

  /** Holds repeated {@link Procedure} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    Procedure[] value();
  }
}
