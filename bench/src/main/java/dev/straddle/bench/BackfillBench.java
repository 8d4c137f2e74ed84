package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 1: Straddle's batched backfill of a rename + add-with-up against the physical floor,
 * one {@code UPDATE} of the whole table computing the same columns (no trigger, one transaction).
 * Same rows, same fresh vacuumed table, same server, in one run.
 */
final class BackfillBench {

  private BackfillBench() {}

  static void run(List<Long> sizes, int rounds, Report report) throws SQLException {
    report.section(
        "Backfill throughput (rename + add-with-up"
            + (rounds > 1 ? ", median of " + rounds + " interleaved rounds" : "")
            + ")",
        "| rows | single UPDATE rows/s | Straddle backfill rows/s | ratio | Straddle batches' rows |");
    Double firstRate = null;
    for (long rows : sizes) {
      List<Double> floors = new ArrayList<>();
      List<Double> rates = new ArrayList<>();
      double backfilled = 0;
      for (int round = 0; round < rounds; round++) {
        // Alternate which variant goes first: neither always meets the other's leftovers.
        if (round % 2 == 1) {
          double[] s = straddleBackfill(rows);
          rates.add(s[0]);
          backfilled = s[1];
        }
        floors.add(singleUpdate(rows));
        if (round % 2 == 0) {
          double[] s = straddleBackfill(rows);
          rates.add(s[0]);
          backfilled = s[1];
        }
      }
      double floor = Stats.median(floors);
      double rate = Stats.median(rates);
      double[] straddle = {rate, backfilled};
      report.row(
          String.format(
              "| %,d | %,.0f | %,.0f | %.2f× | %,.0f |",
              rows, floor, rate, rate / floor, straddle[1]));
      if (firstRate == null) {
        firstRate = rate;
      } else {
        report.note(
            String.format(
                "Straddle rows/s at %,d rows is %.2f× its rate at %,d rows.",
                rows, rate / firstRate, sizes.get(0)));
      }
    }
  }

  private static double singleUpdate(long rows) throws SQLException {
    TestDatabase database = TestPostgres.newDatabase("bench_floor");
    BenchTable.create(database, rows);
    BenchTable.time(
        database, null, "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
    double seconds =
        BenchTable.time(database, null, "UPDATE items SET label = name, qty_doubled = qty * 2");
    return rows / seconds;
  }

  /** {rows/s, rows backfilled}. */
  private static double[] straddleBackfill(long rows) throws SQLException {
    TestDatabase database = TestPostgres.newDatabase("bench_straddle");
    BenchTable.create(database, rows);
    Straddle straddle =
        Straddle.builder(new StraddlePlan()).dataSource(database.dataSource()).build();
    straddle.expand(false);
    long start = System.nanoTime();
    RunResult result = straddle.backfill();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.rowsBackfilled() != rows) {
      throw new IllegalStateException(
          "backfilled " + result.rowsBackfilled() + " rows, expected " + rows);
    }
    return new double[] {rows / seconds, result.rowsBackfilled()};
  }
}
