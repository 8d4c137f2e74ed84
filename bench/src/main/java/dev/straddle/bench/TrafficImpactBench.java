package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Benchmark 2: latency of live single-row updates while the table is backfilled, by Straddle and by
 * one big UPDATE, against the same traffic with no migration at all.
 */
final class TrafficImpactBench {

  private final long rows;
  private final int connections;
  private final Duration quiet;

  TrafficImpactBench(long rows, int connections, Duration quiet) {
    this.rows = rows;
    this.connections = connections;
    this.quiet = quiet;
  }

  void run(Report report) throws SQLException, InterruptedException {
    report.section(
        String.format(
            "Live traffic during a backfill (%,d rows, %d connections of single-row updates)",
            rows, connections),
        "| during | p50 ms | p99 ms | max ms | p99 vs no migration | duration s |");
    TestDatabase idle = fresh("bench_idle");
    LatencyProbe probe = new LatencyProbe(idle, connections, rows);
    Thread.sleep(quiet.toMillis());
    LatencyProbe.Result none = probe.stop();
    line(report, "no migration", none, none, quiet.toMillis() / 1000.0);

    TestDatabase straddled = fresh("bench_live_straddle");
    Straddle straddle =
        Straddle.builder(new StraddlePlan()).dataSource(straddled.dataSource()).build();
    probe = new LatencyProbe(straddled, connections, rows);
    long start = System.nanoTime();
    straddle.expand(true);
    double seconds = (System.nanoTime() - start) / 1e9;
    line(report, "Straddle expand + backfill", probe.stop(), none, seconds);

    TestDatabase single = fresh("bench_live_single");
    BenchTable.time(
        single, null, "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
    probe = new LatencyProbe(single, connections, rows);
    seconds = BenchTable.time(single, null, "UPDATE items SET label = name, qty_doubled = qty * 2");
    line(report, "one UPDATE of the whole table", probe.stop(), none, seconds);
  }

  private TestDatabase fresh(String name) throws SQLException {
    TestDatabase database = TestPostgres.newDatabase(name);
    BenchTable.create(database, rows);
    return database;
  }

  private static void line(
      Report report,
      String during,
      LatencyProbe.Result result,
      LatencyProbe.Result none,
      double seconds) {
    report.row(
        String.format(
            "| %s | %.2f | %.2f | %.0f | %.2f× | %.1f |",
            during, result.p50(), result.p99(), result.max(), result.p99() / none.p99(), seconds));
  }
}
