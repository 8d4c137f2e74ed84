package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as one Straddle migration.
 *
 * <p>The {@link #id()} orders migrations and is independent of application release numbers: a new
 * migration takes the next free integer when it is written, whatever release ships it. The highest
 * id compiled into a build is that build's <em>head</em>.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Migration {
  /** Positive, unique within the compilation; migrations are applied in ascending id order. */
  int id();

  /** One line saying what the migration does; recorded in the history table. */
  String description();
}
