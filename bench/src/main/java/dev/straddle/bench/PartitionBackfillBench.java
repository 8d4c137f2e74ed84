package dev.straddle.bench;

import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 18, item 4 (second half): Straddle's backfill of the benchmarks' migration (rename +
 * add-with-up) on {@code items} hash-partitioned by {@code id} into 8 partitions, by one stream
 * (the default, {@code backfillWorkers(1)}) and by partition-parallel workers, side by side: a
 * fresh vacuumed table per measurement, the variants' order rotated each round, medians.
 */
final class PartitionBackfillBench {

  static final int PARTITIONS = 8;

  private final long rows;
  private final int rounds;
  private final List<Integer> workers;
  private final Duration batchTarget;

  PartitionBackfillBench(long rows, int rounds, List<Integer> workers, Duration batchTarget) {
    this.rows = rows;
    this.rounds = rounds;
    this.workers = workers;
    this.batchTarget = batchTarget;
  }

  void run(Report report) throws SQLException {
    List<Integer> variants = new ArrayList<>();
    variants.add(1);
    workers.stream().filter(w -> w > 1).forEach(variants::add);
    StringBuilder header = new StringBuilder("| rows | partitions | pacing | one stream");
    for (int w : variants.subList(1, variants.size())) {
      header.append(" | ").append(w).append(" workers");
    }
    header.append(" |");
    report.section(
        "Partition-parallel backfill (rename + add-with-up, "
            + PARTITIONS
            + " hash partitions, median of "
            + rounds
            + " rotated rounds), rows/s and × one stream",
        header.toString());
    Map<Integer, List<Double>> rates = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < variants.size(); k++) {
        int w = variants.get((k + round) % variants.size());
        double rate = rate(w);
        System.err.printf("    round %d, %d worker(s): %,.0f rows/s%n", round + 1, w, rate);
        rates.computeIfAbsent(w, x -> new ArrayList<>()).add(rate);
      }
    }
    double stream = Stats.median(rates.get(1));
    StringBuilder row =
        new StringBuilder(
            String.format(
                "| %,d | %d | %s | %,.0f",
                rows,
                PARTITIONS,
                batchTarget.isZero()
                    ? "default (adaptive)"
                    : batchTarget.toMillis() + " ms batches",
                stream));
    for (int w : variants.subList(1, variants.size())) {
      double median = Stats.median(rates.get(w));
      row.append(String.format(" | %,.0f (%.2f×)", median, median / stream));
    }
    report.row(row.append(" |").toString());
    StringBuilder spread = new StringBuilder("Rounds (rows/s):");
    for (Map.Entry<Integer, List<Double>> e : rates.entrySet()) {
      spread.append(String.format(" %d worker(s) %s;", e.getKey(), rounded(e.getValue())));
    }
    report.note(spread.toString());
  }

  private static String rounded(List<Double> values) {
    return values.stream().map(v -> String.format("%,.0f", v)).toList().toString();
  }

  private double rate(int backfillWorkers) throws SQLException {
    TestDatabase database = TestPostgres.newDatabase("bench_partitions_" + backfillWorkers);
    try {
      create(database);
      return BackfillBench.straddleBackfill(database, rows, batchTarget, backfillWorkers);
    } finally {
      database.drop();
    }
  }

  /** {@code items} as in {@link BenchTable}, hash-partitioned by {@code id}. */
  private void create(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL,"
              + " qty integer NOT NULL, pad text) PARTITION BY HASH (id)");
      for (int i = 0; i < PARTITIONS; i++) {
        statement.execute(
            "CREATE TABLE items_p"
                + i
                + " PARTITION OF items FOR VALUES WITH (MODULUS "
                + PARTITIONS
                + ", REMAINDER "
                + i
                + ")");
      }
      statement.execute(
          "INSERT INTO items SELECT g, 'item ' || g, (g % 1000)::int, repeat('x', 40)"
              + " FROM generate_series(1, "
              + rows
              + ") AS g");
      statement.execute("VACUUM (ANALYZE) items");
      statement.execute("CHECKPOINT");
    }
  }
}
