package dev.straddle.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's demo, at a small size: release 2 rolls out over a busy release 1, then release 3
 * over release 2.
 */
@ExtendWith(PostgresExtension.class)
class DemoTest {

  @Test
  void rollingDeployKeepsBothReleasesWorkingAndEveryRowConsistent(TestDatabase database)
      throws Exception {
    DemoRun.Report report =
        new DemoRun(database, new DemoRun.Options(5_000, Duration.ofSeconds(1), 1, 2, false)).run();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Demo.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);

    assertEquals(0, report.errors(), text);
    assertTrue(report.consistency().passed(), text);
    assertEquals(9, report.phases().size(), text);
    assertEquals(3, report.releases().size(), text);
    for (Traffic.Stats stats : report.releases()) {
      assertTrue(stats.processed.get() > 0, "every release processed jobs\n" + text);
      assertTrue(stats.enqueued.get() > 0, "every release enqueued jobs\n" + text);
    }
    assertTrue(text.contains("RESULT: ok, 0 errors"), text);
  }

  @Test
  void anUnknownOptionIsNamed() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Demo.parse(new String[] {"--rows", "5"}));
    assertEquals(
        "unknown option --rows (known: --jobs N, --seconds S, --pgbouncer)", e.getMessage());
    assertEquals(1_000_000, Demo.parse(new String[] {"--jobs", "1_000_000"}).seedJobs());
    assertTrue(Demo.parse(new String[] {"--pgbouncer"}).pgbouncer());
  }

  @Test
  void aMissingReleaseJarSaysHowToGetIt() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> Releases.load("release9.jar"));
    assertTrue(e.getMessage().contains("release9.jar not found: build the examples first"));
  }
}
