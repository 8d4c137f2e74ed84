package dev.straddle.examples.boot.release1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Release 1 on an empty database: it migrates at start, registers, and serves. */
@SpringBootTest(classes = NotesRelease1.class, properties = "spring.main.banner-mode=off")
@DirtiesContext // closed while the database runs
class NotesRelease1Test {

  private static final TestDatabase DB = TestPostgres.newDatabase("notesRelease1");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    // The builder's defaults (NotesRelease1.application()) as properties of this test context.
    registry.add("spring.application.name", () -> "notes");
    registry.add("straddle.plan-class", () -> "dev.straddle.examples.boot.release1.StraddlePlan");
    registry.add("straddle.run-at-start", () -> "migrate");
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::user);
    registry.add("spring.datasource.password", DB::password);
  }

  @Autowired Notes notes;
  @Autowired Straddle straddle;

  @Test
  void migratesAtStartAndServes() {
    notes.add("first");
    assertThat(notes.texts()).containsExactly("first");
    assertThat(straddle.status().insideWindow()).isTrue();
    assertThat(straddle.status().liveHeads()).containsExactly(1);
  }
}
