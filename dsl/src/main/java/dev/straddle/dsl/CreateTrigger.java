package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A trigger on {@code table} that executes a versioned trigger function ({@code @Procedure(returns
 * = "trigger")}, or an adopted one, {@link ExistingProcedure}). Created at the expand of the
 * declaring migration, calling the procedure's version as of that migration. A later migration that
 * declares a new version of the procedure moves the trigger to it at that migration's expand (drop
 * and create in one transaction), so from then on the new version runs for the rows of both
 * releases; that migration's contract then drops the old version.
 *
 * <p>Straddle's own sync trigger ({@code _straddle_sync}, BEFORE INSERT OR UPDATE) fires first:
 * PostgreSQL fires the triggers of one event and timing in name order, and a name that would sort
 * before it is a compile error. A user BEFORE trigger therefore sees the row with both the old and
 * the new shape filled in.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(CreateTrigger.List.class)
public @interface CreateTrigger {

  String table();

  /** The trigger's name, unique on the table. */
  String name();

  /** The logical name of the trigger function, e.g. {@code audit_job} (never a version). */
  String procedure();

  Timing timing();

  /** The events that fire it, at least one. */
  Event[] events();

  /** {@code UPDATE OF} these columns only (needs {@link Event#UPDATE}); empty: any update. */
  String[] columns() default {};

  ForEach forEach() default ForEach.ROW;

  /**
   * The {@code WHEN} condition without parentheses, e.g. {@code "OLD.status IS DISTINCT FROM
   * NEW.status"}; empty: always.
   */
  String when() default "";

  /** When the trigger fires relative to the statement. */
  enum Timing {
    BEFORE,
    AFTER
  }

  /** An event that fires the trigger. */
  enum Event {
    INSERT,
    UPDATE,
    DELETE,
    /** Only with {@link ForEach#STATEMENT}. */
    TRUNCATE
  }

  /** Once per row or once per statement. */
  enum ForEach {
    ROW,
    STATEMENT
  }

  /** Holds repeated {@link CreateTrigger} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateTrigger[] value();
  }
}
