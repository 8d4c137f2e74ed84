package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 3: what the sync trigger costs every write. The same table, once with migration 1 in
 * flight (sync trigger active, written by old code so both UP fragments run) and once without a
 * trigger but with the same columns; bulk statements and single-row statements from several
 * connections.
 */
final class TriggerBench {

  private final long rows;
  private final int connections;
  private final Duration oltp;
  private final int rounds;

  TriggerBench(long rows, int connections, Duration oltp, int rounds) {
    this.rows = rows;
    this.connections = connections;
    this.oltp = oltp;
    this.rounds = rounds;
  }

  void run(Report report) throws SQLException, InterruptedException {
    TestDatabase plain = TestPostgres.newDatabase("bench_plain");
    BenchTable.create(plain, rows);
    BenchTable.time(
        plain,
        null,
        "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer;"
            + " UPDATE items SET label = name, qty_doubled = qty * 2");
    BenchTable.time(plain, null, "VACUUM items");
    TestDatabase synced = TestPostgres.newDatabase("bench_sync");
    BenchTable.create(synced, rows);
    Straddle.builder(new StraddlePlan()).dataSource(synced.dataSource()).build().expand(true);
    BenchTable.time(synced, null, "VACUUM items");

    report.section(
        String.format(
            "Sync-trigger write cost (%,d-row table, writer = old code, 2 UP fragments)", rows),
        "| workload | no trigger | sync trigger | ratio |");
    String update = "UPDATE items SET qty = qty + 1";
    ratio(report, "bulk UPDATE of every row (rows/s)", rows, plain, synced, update);
    long extra = rows / 2;
    String insert =
        "INSERT INTO items (id, name, qty, pad) SELECT g, 'item ' || g, (g % 1000)::int,"
            + " repeat('x', 40) FROM generate_series("
            + (rows + 1)
            + ", "
            + (rows + extra)
            + ") AS g";
    ratio(report, "bulk INSERT (rows/s)", extra, plain, synced, insert);
    // Single-row workloads: interleaved rounds (alternating which table goes first), medians.
    List<Double> plainUpdates = new ArrayList<>();
    List<Double> syncUpdates = new ArrayList<>();
    List<Double> plainInserts = new ArrayList<>();
    List<Double> syncInserts = new ArrayList<>();
    AtomicLong plainNext = new AtomicLong(rows + extra + 1);
    AtomicLong syncNext = new AtomicLong(rows + extra + 1);
    for (int round = 0; round < rounds; round++) {
      boolean plainFirst = round % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean isPlain = (k == 0) == plainFirst;
        (isPlain ? plainUpdates : syncUpdates).add(singleRowUpdates(isPlain ? plain : synced));
      }
      for (int k = 0; k < 2; k++) {
        boolean isPlain = (k == 0) == plainFirst;
        (isPlain ? plainInserts : syncInserts)
            .add(singleRowInserts(isPlain ? plain : synced, isPlain ? plainNext : syncNext));
      }
    }
    double pu = Stats.median(plainUpdates);
    double su = Stats.median(syncUpdates);
    report.row(
        String.format(
            "| single-row UPDATE, %d connections (statements/s, median of %d) | %,.0f | %,.0f |"
                + " %.2f× |",
            connections, rounds, pu, su, su / pu));
    double pi = Stats.median(plainInserts);
    double si = Stats.median(syncInserts);
    report.row(
        String.format(
            "| single-row INSERT, %d connections (statements/s, median of %d) | %,.0f | %,.0f |"
                + " %.2f× |",
            connections, rounds, pi, si, si / pi));
  }

  private static void ratio(
      Report report,
      String workload,
      long count,
      TestDatabase plain,
      TestDatabase synced,
      String sql)
      throws SQLException {
    double plainRate = count / BenchTable.time(plain, null, sql);
    double syncRate = count / BenchTable.time(synced, null, sql);
    report.row(
        String.format(
            "| %s | %,.0f | %,.0f | %.2f× |", workload, plainRate, syncRate, syncRate / plainRate));
  }

  private interface Statement {
    void once(PreparedStatement statement) throws SQLException;
  }

  private double singleRowUpdates(TestDatabase database) throws InterruptedException {
    return drive(
        database,
        "UPDATE items SET qty = qty + 1 WHERE id = ?",
        s -> {
          s.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
          s.executeUpdate();
        });
  }

  private double singleRowInserts(TestDatabase database, AtomicLong next)
      throws InterruptedException {
    return drive(
        database,
        "INSERT INTO items (id, name, qty, pad) VALUES (?, 'new', 1, 'x')",
        s -> {
          s.setLong(1, next.getAndIncrement());
          s.executeUpdate();
        });
  }

  /** Statements per second over {@link #oltp}, from {@link #connections} connections. */
  private double drive(TestDatabase database, String sql, Statement body)
      throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + oltp.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<SQLException> failures = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread thread =
          new Thread(
              () -> {
                try (Connection connection = database.connect();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                  while (System.nanoTime() < deadline) {
                    body.once(statement);
                    done.incrementAndGet();
                  }
                } catch (SQLException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a benchmark connection failed", failures.get(0));
    }
    return done.get() / (oltp.toNanos() / 1e9);
  }
}
