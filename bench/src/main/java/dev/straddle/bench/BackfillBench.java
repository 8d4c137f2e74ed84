package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1: Straddle's batched backfill of a rename + add-with-up against the physical floor,
 * one {@code UPDATE} of the whole table computing the same columns (no trigger, one transaction).
 *
 * <p>Two hand-written references explain the gap: the keyset loop the issue names (5,000-row
 * batches, a commit each) on a table without a trigger, and the same loop on the expanded table,
 * where the sync trigger is present (and skipped by its WHEN clause, as for Straddle's backfill).
 * Same rows, same fresh vacuumed table, same server, in one run.
 */
final class BackfillBench {

  /** The reference loop: 5,000-row batches, a commit each. */
  static final int LOOP_BATCH = 5_000;

  private enum Variant {
    SINGLE_UPDATE,
    LOOP_NO_TRIGGER,
    LOOP_WITH_TRIGGER,
    STRADDLE
  }

  private BackfillBench() {}

  static void run(List<Long> sizes, int rounds, Duration batchTarget, Report report)
      throws SQLException {
    report.section(
        "Backfill throughput (rename + add-with-up"
            + (rounds > 1 ? ", median of " + rounds + " interleaved rounds" : "")
            + (batchTarget.isZero()
                ? ", Straddle's default pacing"
                : ", Straddle's batch target " + batchTarget.toMillis() + " ms")
            + "), rows/s",
        "| rows | single UPDATE | keyset loop, no trigger | keyset loop, sync trigger present"
            + " | Straddle backfill | Straddle vs single UPDATE | Straddle vs loop with trigger |");
    Double firstRate = null;
    for (long rows : sizes) {
      Map<Variant, List<Double>> rates = new EnumMap<>(Variant.class);
      for (int round = 0; round < rounds; round++) {
        // Rotate the order each round: no variant always meets the others' leftovers.
        Variant[] all = Variant.values();
        for (int k = 0; k < all.length; k++) {
          Variant v = all[(k + round) % all.length];
          rates.computeIfAbsent(v, x -> new ArrayList<>()).add(rate(v, rows, batchTarget));
        }
      }
      double floor = Stats.median(rates.get(Variant.SINGLE_UPDATE));
      double loop = Stats.median(rates.get(Variant.LOOP_NO_TRIGGER));
      double loopTrigger = Stats.median(rates.get(Variant.LOOP_WITH_TRIGGER));
      double straddle = Stats.median(rates.get(Variant.STRADDLE));
      report.row(
          String.format(
              "| %,d | %,.0f | %,.0f (%.2f×) | %,.0f (%.2f×) | %,.0f | %.2f× | %.2f× |",
              rows,
              floor,
              loop,
              loop / floor,
              loopTrigger,
              loopTrigger / floor,
              straddle,
              straddle / floor,
              straddle / loopTrigger));
      if (rounds > 1) {
        // Each round's own ratio (the rounds' variants ran back to back): the spread is the noise.
        List<String> perRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          perRound.add(
              String.format(
                  "%.2f×",
                  rates.get(Variant.STRADDLE).get(round)
                      / rates.get(Variant.LOOP_WITH_TRIGGER).get(round)));
        }
        report.note(
            String.format(
                "%,d rows, Straddle vs loop with trigger per round: %s.",
                rows, String.join(", ", perRound)));
      }
      if (firstRate == null) {
        firstRate = straddle;
      } else {
        report.note(
            String.format(
                "Straddle rows/s at %,d rows is %.2f× its rate at %,d rows.",
                rows, straddle / firstRate, sizes.get(0)));
      }
    }
  }

  private static double rate(Variant variant, long rows, Duration batchTarget) throws SQLException {
    // A database per measurement, dropped after it: at 4M rows each is about a gigabyte.
    TestDatabase database = TestPostgres.newDatabase("bench_" + variant.name().toLowerCase());
    try {
      BenchTable.create(database, rows);
      return switch (variant) {
        case SINGLE_UPDATE -> singleUpdate(database, rows);
        case LOOP_NO_TRIGGER -> keysetLoop(database, rows, false);
        case LOOP_WITH_TRIGGER -> keysetLoop(database, rows, true);
        case STRADDLE -> straddleBackfill(database, rows, batchTarget, 1);
      };
    } finally {
      database.drop();
    }
  }

  private static double singleUpdate(TestDatabase database, long rows) throws SQLException {
    BenchTable.time(
        database, null, "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
    double seconds =
        BenchTable.time(database, null, "UPDATE items SET label = name, qty_doubled = qty * 2");
    return rows / seconds;
  }

  /**
   * The hand-written loop: {@code id} is dense from 1, so batches are plain id ranges. With {@code
   * trigger}, the table is expanded by Straddle first (sync trigger in place) and the loop's
   * session says head -1, as the runner's backfill does.
   */
  private static double keysetLoop(TestDatabase database, long rows, boolean trigger)
      throws SQLException {
    if (trigger) {
      Straddle.configure(new StraddlePlan())
          .dataSource(database.dataSource())
          .load()
          .expand(Backfill.DEFER);
    } else {
      BenchTable.time(
          database,
          null,
          "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer");
    }
    try (Connection connection =
            trigger ? database.connectAsHead(SyncFunctionSql.BACKFILL_HEAD) : database.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE items SET label = name, qty_doubled = qty * 2"
                    + " WHERE id > ? AND id <= ?")) {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      for (long after = 0; after < rows; after += LOOP_BATCH) {
        update.setLong(1, after);
        update.setLong(2, after + LOOP_BATCH);
        update.executeUpdate();
        connection.commit();
      }
      return rows / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Rows per second of Straddle's timed {@code backfill()} after its expand, on {@code database}
   * whose table has {@code rows} rows; {@code batchTarget} zero: the default pacing.
   */
  static double straddleBackfill(
      TestDatabase database, long rows, Duration batchTarget, int backfillWorkers)
      throws SQLException {
    FluentConfiguration configuration =
        Straddle.configure(new StraddlePlan())
            .dataSource(database.dataSource())
            .backfillWorkers(backfillWorkers);
    // Zero: Straddle's defaults (the adaptive pacing); else a fixed target.
    Straddle straddle =
        (batchTarget.isZero() ? configuration : configuration.batchTarget(batchTarget)).load();
    straddle.expand(Backfill.DEFER);
    long start = System.nanoTime();
    RunResult result = straddle.backfill();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result.rowsBackfilled() != rows) {
      throw new IllegalStateException(
          "backfilled " + result.rowsBackfilled() + " rows, expected " + rows);
    }
    return rows / seconds;
  }
}
