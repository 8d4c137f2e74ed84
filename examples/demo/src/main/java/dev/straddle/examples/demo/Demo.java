package dev.straddle.examples.demo;

import dev.straddle.testkit.TestPostgres;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The README's main command: rolling deploys of the job queue's release 2 over a busy release 1,
 * then of release 3 over release 2, on an embedded PostgreSQL (or the server named by {@code
 * STRADDLE_TEST_JDBC_URL}), with a report at the end. Exit code 0 when no instance saw an error and
 * every row checks out.
 *
 * <p>Options: {@code --jobs N} seeded jobs (default 200,000; try 1000000), {@code --seconds S} per
 * phase (default 5), {@code --pgbouncer}: the instances connect through a PgBouncer in transaction
 * pooling with four server connections (the {@code pgbouncer} binary from the {@code PATH} or
 * {@code STRADDLE_TEST_PGBOUNCER}) and say their head per transaction; the runner connects
 * directly.
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    DemoRun.Options options = parse(args);
    DemoRun.Report report = new DemoRun(TestPostgres.newDatabase("demo"), options).run();
    print(report, System.out);
    System.exit(report.passed() ? 0 : 1);
  }

  static DemoRun.Options parse(String[] args) {
    DemoRun.Options options = DemoRun.Options.defaults();
    int jobs = options.seedJobs();
    Duration phase = options.phase();
    boolean pgbouncer = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jobs" -> jobs = Integer.parseInt(args[++i].replace("_", ""));
        case "--seconds" -> phase = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--pgbouncer" -> pgbouncer = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + " (known: --jobs N, --seconds S, --pgbouncer)");
      }
    }
    return new DemoRun.Options(jobs, phase, options.producers(), options.workers(), pgbouncer);
  }

  static void print(DemoRun.Report report, PrintStream out) {
    out.println();
    out.println(
        "Straddle demo: rolling deploys of release 2 over a busy release 1, then of release 3");
    out.println();
    for (DemoRun.PhaseReport phase : report.phases()) {
      out.printf(
          "  %-58s %7.2f s  %s%n", phase.name(), phase.took().toMillis() / 1000.0, phase.detail());
    }
    out.println();
    for (int i = 0; i < report.releases().size(); i++) {
      Traffic.Stats stats = report.releases().get(i);
      out.printf(
          "  %s: %,d jobs enqueued, %,d processed, %,d aborts requested, %d errors,"
              + " slowest call %d ms%n",
          report.releaseNames().get(i),
          stats.enqueued.get(),
          stats.processed.get(),
          stats.abortsRequested.get(),
          stats.errors.get(),
          stats.slowestMillis.get());
      stats.errorMessages.forEach(message -> out.println("      " + message));
    }
    out.println();
    out.printf("  consistency check over %,d rows: ", report.consistency().rows());
    if (report.consistency().passed()) {
      out.println("passed");
    } else {
      out.println("FAILED");
      report.consistency().failures().forEach(failure -> out.println("    - " + failure));
    }
    out.println(report.passed() ? "\n  RESULT: ok, 0 errors" : "\n  RESULT: FAILED");
  }
}
