package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 4: a long transaction holds a lock that conflicts with expand's DDL; the runner must
 * never make the application wait longer than its lock timeout while it waits its turn.
 */
final class LockImpactBench {

  private final long rows;
  private final int connections;
  private final Duration hold;
  private final Duration lockTimeout;

  LockImpactBench(long rows, int connections, Duration hold, Duration lockTimeout) {
    this.rows = rows;
    this.connections = connections;
    this.hold = hold;
    this.lockTimeout = lockTimeout;
  }

  void run(Report report) throws Exception {
    report.section(
        String.format(
            "Lock impact (a transaction holds ACCESS SHARE on the table for %d s; lock_timeout %d"
                + " ms)",
            hold.toSeconds(), lockTimeout.toMillis()),
        "| measure | value |");
    TestDatabase database = TestPostgres.newDatabase("bench_lock");
    BenchTable.create(database, rows);
    Straddle straddle =
        Straddle.builder(new StraddlePlan())
            .dataSource(database.dataSource())
            .lockTimeout(lockTimeout)
            .build();
    try (Connection blocker = database.connect();
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM items WHERE id = 1");
      LatencyProbe probe = new LatencyProbe(database, connections, rows, 0);
      AtomicReference<RunResult> result = new AtomicReference<>();
      AtomicReference<Exception> failure = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  result.set(straddle.expand(false));
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              });
      long start = System.nanoTime();
      runner.start();
      Thread.sleep(hold.toMillis());
      blocker.rollback();
      runner.join();
      double seconds = (System.nanoTime() - start) / 1e9;
      LatencyProbe.Result traffic = probe.stop();
      if (failure.get() != null) {
        throw failure.get();
      }
      report.row(String.format("| expand finished after | %.1f s |", seconds));
      report.row(
          String.format("| runner's lock-timeout retries | %d |", result.get().lockRetries()));
      report.row(
          String.format(
              "| longest wait of any application statement | %.0f ms (target ≤ %d ms) |",
              traffic.max(), lockTimeout.toMillis() + 10));
      report.row(
          String.format(
              "| application statements, p50 / p99 | %.2f / %.2f ms over %,d |",
              traffic.p50(), traffic.p99(), traffic.statements()));
    }
  }
}
