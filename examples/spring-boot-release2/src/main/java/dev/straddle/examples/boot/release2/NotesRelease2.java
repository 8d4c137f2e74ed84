package dev.straddle.examples.boot.release2;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Release 2 of the notes application: Spring Boot, JdbcTemplate and the Straddle starter, which
 * migrates at start, registers the instance and runs the startup guard before {@link Notes} is
 * created.
 */
@SpringBootApplication
public class NotesRelease2 {

  /** The application with its Straddle settings (application.properties would do the same). */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(NotesRelease2.class)
        .properties(
            "spring.application.name=notes",
            "straddle.plan-class=dev.straddle.examples.boot.release2.StraddlePlan",
            "straddle.run-at-start=migrate");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
