package dev.straddle.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link PostgresExtension} for a server of this PostgreSQL major (embedded and container
 * servers only; a server named by the environment is used as it is).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PostgresMajor {
  int value();
}
