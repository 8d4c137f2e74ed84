package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Benchmark 2: latency of live single-row updates while the table is backfilled, by Straddle (with
 * its defaults, and throttled) and by one big UPDATE, against the same traffic with no migration at
 * all. Run twice: with a closed-loop workload that saturates the server, and with a paced one (a
 * fixed rate per connection, as an application that does not use the whole server). Rounds rotate
 * the variants; medians.
 */
final class TrafficImpactBench {

  private enum Variant {
    NONE("no migration"),
    STRADDLE("Straddle expand + backfill, defaults"),
    THROTTLED("Straddle expand + backfill, throttled"),
    SINGLE_UPDATE("one UPDATE of the whole table");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  private record Sample(LatencyProbe.Result latency, double seconds) {}

  private final long rows;
  private final int connections;
  private final Duration quiet;
  private final int rounds;
  private final int pacedRate;
  private final Duration throttleTarget;
  private final Duration throttlePause;

  TrafficImpactBench(
      long rows,
      int connections,
      Duration quiet,
      int rounds,
      int pacedRate,
      Duration throttleTarget,
      Duration throttlePause) {
    this.rows = rows;
    this.connections = connections;
    this.quiet = quiet;
    this.rounds = rounds;
    this.pacedRate = pacedRate;
    this.throttleTarget = throttleTarget;
    this.throttlePause = throttlePause;
  }

  void run(Report report) throws SQLException, InterruptedException {
    measure(report, 0, "closed loop, as fast as each connection can go");
    measure(report, pacedRate, String.format("paced, %,d statements/s per connection", pacedRate));
  }

  private void measure(Report report, int rate, String workload)
      throws SQLException, InterruptedException {
    report.section(
        String.format(
            "Live traffic during a backfill (%,d rows, %d connections of single-row updates, %s;"
                + " throttled = batch target %d ms, pause %d ms; median of %d rounds)",
            rows,
            connections,
            workload,
            throttleTarget.toMillis(),
            throttlePause.toMillis(),
            rounds),
        "| during | p50 ms | p99 ms | max ms | p99 vs no migration | statements | duration s |");
    Map<Variant, List<Sample>> samples = new EnumMap<>(Variant.class);
    Variant[] all = Variant.values();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < all.length; k++) {
        Variant v = all[(k + round) % all.length];
        samples.computeIfAbsent(v, x -> new ArrayList<>()).add(sample(v, rate));
      }
    }
    double noneP99 = median(samples.get(Variant.NONE), s -> s.latency().p99());
    for (Variant v : all) {
      List<Sample> s = samples.get(v);
      double p99 = median(s, x -> x.latency().p99());
      report.row(
          String.format(
              "| %s | %.2f | %.2f | %.0f | %.2f× | %,.0f | %.1f |",
              v.label,
              median(s, x -> x.latency().p50()),
              p99,
              median(s, x -> x.latency().max()),
              p99 / noneP99,
              median(s, x -> x.latency().statements()),
              median(s, Sample::seconds)));
    }
  }

  private Sample sample(Variant variant, int rate) throws SQLException, InterruptedException {
    TestDatabase database = TestPostgres.newDatabase("bench_live");
    try {
      BenchTable.create(database, rows);
      if (variant == Variant.SINGLE_UPDATE) {
        BenchTable.time(
            database,
            null,
            "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
      }
      LatencyProbe probe = new LatencyProbe(database, connections, rows, rate);
      long start = System.nanoTime();
      switch (variant) {
        case NONE -> Thread.sleep(quiet.toMillis());
        case STRADDLE -> straddle(database).load().expand();
        case THROTTLED ->
            straddle(database)
                .batchTarget(throttleTarget)
                .batchPause(throttlePause)
                .load()
                .expand();
        case SINGLE_UPDATE ->
            BenchTable.time(database, null, "UPDATE items SET label = name, qty_doubled = qty * 2");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Sample(probe.stop(), seconds);
    } finally {
      database.drop();
    }
  }

  private static FluentConfiguration straddle(TestDatabase database) {
    return Straddle.configure(new StraddlePlan()).dataSource(database.dataSource());
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return Stats.median(samples.stream().map(value::applyAsDouble).toList());
  }
}
