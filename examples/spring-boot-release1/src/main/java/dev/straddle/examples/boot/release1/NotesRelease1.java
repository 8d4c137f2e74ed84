package dev.straddle.examples.boot.release1;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Release 1 of the notes application: Spring Boot, JdbcTemplate and the Straddle starter, which
 * migrates at start, registers the instance and runs the startup guard before {@link Notes} is
 * created.
 */
@SpringBootApplication
public class NotesRelease1 {

  /** The application with its Straddle settings (application.properties would do the same). */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(NotesRelease1.class)
        .properties(
            "spring.application.name=notes",
            "straddle.plan-class=dev.straddle.examples.boot.release1.StraddlePlan",
            "straddle.run-at-start=migrate");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
