package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Drops a trigger of {@code table} at contract: the release still running may rely on it until
 * then. Works for a trigger Straddle created ({@link CreateTrigger}) and for one it did not (the
 * runner checks before expand that it exists).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(DropTrigger.List.class)
public @interface DropTrigger {

  String table();

  String name();

  /** Holds repeated {@link DropTrigger} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    DropTrigger[] value();
  }
}
