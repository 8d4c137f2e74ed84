package dev.straddle.examples.boot.release2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.straddle.examples.boot.release1.NotesRelease1;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rolling deploy of release 2 over release 1, both Spring Boot applications with the starter on
 * one database: release 2 starts (migrating at start: expand and backfill of the rename) while
 * release 1 serves; both serve side by side, each writing its own column; the contract is refused
 * while release 1 runs and done once it stopped; then release 1 can no longer start.
 */
class RollingDeployTest {

  private static ConfigurableApplicationContext start(
      SpringApplicationBuilder application, TestDatabase db) {
    return application
        .properties(
            "spring.main.banner-mode=off",
            "spring.datasource.url=" + db.jdbcUrl(),
            "spring.datasource.username=" + db.user(),
            "spring.datasource.password=" + db.password())
        .run();
  }

  @Test
  void release2RollsOutWhileRelease1Serves() throws Exception {
    TestDatabase db = TestPostgres.newDatabase("notesRollingDeploy");
    try (ConfigurableApplicationContext release1 = start(NotesRelease1.application(), db)) {
      var notes1 = release1.getBean(dev.straddle.examples.boot.release1.Notes.class);
      notes1.add("before the deploy");

      try (ConfigurableApplicationContext release2 = start(NotesRelease2.application(), db)) {
        Notes notes2 = release2.getBean(Notes.class);
        Straddle straddle = release2.getBean(Straddle.class);
        assertThat(straddle.status().migrations().get(1).phase()).isEqualTo(Phase.BACKFILLED);
        assertThat(straddle.status().liveHeads()).containsExactly(1, 2);

        // Side by side: each release reads what the other wrote, in its own column.
        notes1.add("written by release 1");
        notes2.add("written by release 2");
        assertThat(notes2.texts())
            .containsExactly("before the deploy", "written by release 1", "written by release 2");
        assertThat(notes1.texts()).isEqualTo(notes2.texts());

        // The contract would drop body, which release 1 still reads: refused, naming it.
        assertThatThrownBy(() -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE))
            .isInstanceOf(StraddleException.class)
            .hasMessageContaining("head 1")
            .hasMessageContaining("application notes");

        release1.close(); // release 1's last instance stops: it deregisters
        RunResult contract = straddle.contract();
        assertThat(contract.stepTexts()).containsExactly("2 contracted");
        assertThat(notes2.texts()).hasSize(3);

        // Release 1 is now too old for the database: its startup guard stops its start.
        assertThatThrownBy(() -> start(NotesRelease1.application(), db))
            .rootCause()
            .isInstanceOf(StraddleException.class)
            .hasMessageContaining("this build is too old for the database");
      }
    }
  }
}
