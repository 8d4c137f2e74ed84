package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Benchmark 2: latency of live single-row updates while the table is backfilled, by Straddle (with
 * its defaults, with fixed batch targets and pauses) and by one big UPDATE, against the same
 * traffic with no migration at all and with only the expand's sync trigger (the floor of any
 * backfill under this design). Run twice: with a closed-loop workload that saturates the server,
 * and with a paced one (a fixed rate per connection, as an application that does not use the whole
 * server). Rounds rotate the variants; medians.
 */
final class TrafficImpactBench {

  /**
   * One thing the traffic runs during: nothing, Straddle's expand + backfill with its defaults or
   * with a fixed batch target and pause (milliseconds), or one UPDATE of the whole table.
   *
   * @param name how {@code --traffic-variants} names it: {@code none}, {@code defaults}, {@code
   *     single}, or {@code <target>/<pause>} in milliseconds ({@code 25/0}: the defaults before
   *     issue 18)
   */
  record Variant(String name, String label, Duration target, Duration pause) {

    static Variant parse(String name) {
      return switch (name) {
        case "none" -> new Variant(name, "no migration", null, null);
        case "defaults" ->
            new Variant(name, "Straddle expand + backfill, defaults (adaptive)", null, null);
        case "single" -> new Variant(name, "one UPDATE of the whole table", null, null);
        case "expand" ->
            new Variant(
                name, "Straddle expand only, no backfill (the sync trigger's floor)", null, null);
        default -> {
          String[] parts = name.split("/");
          if (parts.length != 2) {
            throw new IllegalArgumentException("traffic variant " + name);
          }
          Duration target = Duration.ofMillis(Long.parseLong(parts[0]));
          Duration pause = Duration.ofMillis(Long.parseLong(parts[1]));
          String label =
              name.equals("25/0")
                  ? "Straddle expand + backfill, fixed 25 ms batches, no pause (defaults before"
                      + " issue 18)"
                  : String.format(
                      "Straddle expand + backfill, fixed %d ms batches, %d ms pause",
                      target.toMillis(), pause.toMillis());
          yield new Variant(name, label, target, pause);
        }
      };
    }

    boolean fixed() {
      return target != null;
    }
  }

  private record Sample(LatencyProbe.Result latency, double seconds) {}

  private final long rows;
  private final int connections;
  private final Duration quiet;
  private final int rounds;
  private final int pacedRate;
  private final List<Variant> variants;
  private final boolean closedLoop;

  TrafficImpactBench(
      long rows,
      int connections,
      Duration quiet,
      int rounds,
      int pacedRate,
      List<String> variants,
      boolean closedLoop) {
    this.rows = rows;
    this.connections = connections;
    this.quiet = quiet;
    this.rounds = rounds;
    this.pacedRate = pacedRate;
    this.variants = variants.stream().map(Variant::parse).toList();
    if (!variants.contains("none")) {
      throw new IllegalArgumentException("--traffic-variants needs none (the baseline)");
    }
    this.closedLoop = closedLoop;
  }

  void run(Report report) throws SQLException, InterruptedException {
    if (closedLoop) {
      measure(report, 0, "closed loop, as fast as each connection can go");
    }
    measure(report, pacedRate, String.format("paced, %,d statements/s per connection", pacedRate));
  }

  private void measure(Report report, int rate, String workload)
      throws SQLException, InterruptedException {
    report.section(
        String.format(
            "Live traffic during a backfill (%,d rows, %d connections of single-row updates, %s;"
                + " median of %d rotated rounds)",
            rows, connections, workload, rounds),
        "| during | p50 ms | p99 ms | max ms | p99 vs no migration | p99 per round ms"
            + " | statements | duration s | duration vs 25/0 |");
    Map<Variant, List<Sample>> samples = new LinkedHashMap<>();
    List<Variant> all = variants;
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < all.size(); k++) {
        Variant v = all.get((k + round) % all.size());
        samples.computeIfAbsent(v, x -> new ArrayList<>()).add(sample(v, rate));
      }
    }
    Variant none = all.stream().filter(v -> v.name().equals("none")).findFirst().orElseThrow();
    double noneP99 = median(samples.get(none), s -> s.latency().p99());
    Variant old = all.stream().filter(v -> v.name().equals("25/0")).findFirst().orElse(null);
    double oldSeconds = old == null ? Double.NaN : median(samples.get(old), Sample::seconds);
    for (Variant v : all) {
      List<Sample> s = samples.get(v);
      double p99 = median(s, x -> x.latency().p99());
      report.row(
          String.format(
              "| %s | %.2f | %.2f | %.0f | %.2f× | %s | %,.0f | %.1f | %s |",
              v.label(),
              median(s, x -> x.latency().p50()),
              p99,
              median(s, x -> x.latency().max()),
              p99 / noneP99,
              String.join(
                  ", ", s.stream().map(x -> String.format("%.1f", x.latency().p99())).toList()),
              median(s, x -> x.latency().statements()),
              median(s, Sample::seconds),
              !v.fixed() && !v.name().equals("defaults") || old == null
                  ? ""
                  : String.format("%.2f×", median(s, Sample::seconds) / oldSeconds)));
    }
  }

  private Sample sample(Variant variant, int rate) throws SQLException, InterruptedException {
    TestDatabase database = TestPostgres.newDatabase("bench_live");
    try {
      BenchTable.create(database, rows);
      if (variant.name().equals("single")) {
        BenchTable.time(
            database,
            null,
            "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
      }
      LatencyProbe probe = new LatencyProbe(database, connections, rows, rate);
      long start = System.nanoTime();
      if (variant.fixed()) {
        straddle(database)
            .batchTarget(variant.target())
            .batchPause(variant.pause())
            .load()
            .expand();
      } else {
        switch (variant.name()) {
          case "none" -> Thread.sleep(quiet.toMillis());
          case "defaults" -> straddle(database).load().expand();
          case "expand" -> {
            straddle(database).load().expand(Backfill.DEFER);
            Thread.sleep(quiet.toMillis());
          }
          default -> {
            BenchTable.time(database, null, "UPDATE items SET label = name, qty_doubled = qty * 2");
          }
        }
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
