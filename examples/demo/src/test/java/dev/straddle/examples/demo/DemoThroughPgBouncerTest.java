package dev.straddle.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.testkit.PgBouncer;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo with {@code --pgbouncer}: both releases' instances (three clients each, plus their
 * heartbeats) share a PgBouncer transaction pool of four server connections; skipped with a message
 * when there is no PgBouncer binary.
 */
@ExtendWith(PostgresExtension.class)
class DemoThroughPgBouncerTest {

  @Test
  void rollingDeployThroughATransactionPool(TestDatabase database) throws Exception {
    PgBouncer.assumeAvailable();
    DemoRun.Report report =
        new DemoRun(database, new DemoRun.Options(5_000, Duration.ofSeconds(1), 1, 2, true)).run();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Demo.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);

    assertEquals(0, report.errors(), text);
    assertTrue(report.consistency().passed(), text);
    for (Traffic.Stats stats : report.releases()) {
      assertTrue(stats.processed.get() > 0, "every release processed jobs\n" + text);
    }
  }
}
