package dev.straddle.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link PostgresExtension} for a server of this PostgreSQL major. A server named by the
 * environment serves the test when it runs this major; otherwise the test gets an embedded server
 * of this major (the build copies the binaries of the majors the tests pin).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PostgresMajor {
  int value();
}
