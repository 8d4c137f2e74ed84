package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleConfiguration;
import dev.straddle.runtime.internal.Backoff;
import dev.straddle.runtime.internal.Runner;
import dev.straddle.runtime.internal.Settings;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark 4: a long transaction holds a lock that conflicts with expand's DDL; the runner must
 * never make the application wait longer than its lock timeout while it waits its turn.
 *
 * <p>Two measurements. {@link #run}: a transaction holds ACCESS SHARE for {@code hold} while
 * connections update the table, the runner expands with {@code lockTimeout}. {@link #runDefaults}:
 * a transaction holds one row lock ({@code FOR UPDATE}) for {@code defaultsHold}, probe connections
 * read other rows by primary key on a fixed schedule (waits counted from when each read was due),
 * and the runner expands with the old defaults (lock_timeout 2 s; backoff from 50 ms, doubling,
 * capped at 5 s, jitter 50–100 %) and then, on a fresh database, with the current ones; each
 * variant's probe runs from the runner's start to its end.
 */
final class LockImpactBench {

  private final long rows;
  private final int connections;
  private final Duration hold;
  private final Duration lockTimeout;

  private final Duration defaultsHold;

  LockImpactBench(
      long rows, int connections, Duration hold, Duration lockTimeout, Duration defaultsHold) {
    this.rows = rows;
    this.connections = connections;
    this.hold = hold;
    this.lockTimeout = lockTimeout;
    this.defaultsHold = defaultsHold;
  }

  /** The runner's lock timeout before issue 12. */
  private static final Duration OLD_LOCK_TIMEOUT = Duration.ofSeconds(2);

  /** The runner's settings before issue 12 (lock_timeout 2 s, backoff from 50 ms). */
  private static Settings oldDefaults(javax.sql.DataSource dataSource) {
    return Settings.of(
            Straddle.configure(new StraddlePlan())
                .dataSource(dataSource)
                .lockTimeout(OLD_LOCK_TIMEOUT)
                .build())
        .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 0.5, 1.0));
  }

  /** The waits the application pays with the defaults, before and after (issue 12, point 5). */
  void runDefaults(Report report) throws Exception {
    report.section(
        String.format(
            "Lock impact with the defaults (a transaction holds one row lock for %d s; %d"
                + " connections each read another row by primary key every 10 ms, waits counted"
                + " from when each read was due)",
            defaultsHold.toSeconds(), connections),
        "| defaults | lock_timeout | expand finished after | runner's retries | probe reads |"
            + " longest read | longest wait since due | waits > 100 ms | waits > 1 s |");
    measureDefaults(
        report,
        "before (lock_timeout 2 s, backoff from 50 ms)",
        OLD_LOCK_TIMEOUT,
        database ->
            new Runner(
                    new StraddlePlan(), database.dataSource(), oldDefaults(database.dataSource()))
                .expand(false));
    measureDefaults(
        report,
        "after (lock_timeout 500 ms, backoff from the lock timeout)",
        StraddleConfiguration.DEFAULT_LOCK_TIMEOUT,
        database ->
            Straddle.configure(new StraddlePlan())
                .dataSource(database.dataSource())
                .load()
                .expand(Backfill.DEFER));
  }

  /** One variant's expand, on {@code database}. */
  private interface Expand {
    RunResult run(TestDatabase database);
  }

  private void measureDefaults(Report report, String label, Duration timeout, Expand expand)
      throws Exception {
    TestDatabase database = TestPostgres.newDatabase("bench_lock_defaults");
    try {
      BenchTable.create(database, rows);
      try (Connection holder = database.connect();
          Statement statement = holder.createStatement()) {
        holder.setAutoCommit(false);
        statement.execute("SELECT * FROM items WHERE id = 1 FOR UPDATE");
        ReadProbe probe = new ReadProbe(database, connections, rows);
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread =
            new Thread(
                () -> {
                  try {
                    result.set(expand.run(database));
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                });
        long start = System.nanoTime();
        thread.start();
        Thread.sleep(defaultsHold.toMillis());
        holder.rollback();
        thread.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] waits = probe.stop();
        if (failure.get() != null) {
          throw failure.get();
        }
        long over100 = Arrays.stream(waits).filter(w -> w > 100_000_000L).count();
        long over1s = Arrays.stream(waits).filter(w -> w > 1_000_000_000L).count();
        long longest = waits.length == 0 ? 0 : waits[waits.length - 1];
        report.row(
            String.format(
                "| %s | %d ms | %.1f s | %d | %,d | %.0f ms | %.0f ms | %,d (%.1f%%) | %,d (%.1f%%)"
                    + " |",
                label,
                timeout.toMillis(),
                seconds,
                result.get().lockRetries(),
                waits.length,
                probe.longestRead[0] / 1e6,
                longest / 1e6,
                over100,
                100.0 * over100 / Math.max(1, waits.length),
                over1s,
                100.0 * over1s / Math.max(1, waits.length)));
      }
    } finally {
      database.drop();
    }
  }

  /**
   * Application reads while the runner retries: each connection reads one random row (never the
   * held one) by primary key every 10 ms, on a fixed schedule, and a read's wait counts from when
   * it was due, so a read held up behind a blocked one counts that delay too (no coordinated
   * omission: a request queue in front of the application sees the same).
   */
  private static final class ReadProbe {
    private static final long INTERVAL_NANOS = 10_000_000L;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<long[]> waits = new ArrayList<>();
    private final List<Exception> failures = new ArrayList<>();

    /** The longest single read, from sending it to its result, in nanoseconds. */
    final long[] longestRead = new long[1];

    ReadProbe(TestDatabase database, int connections, long rows) {
      for (int i = 0; i < connections; i++) {
        Callable<long[]> reads =
            () -> {
              long[] mine = new long[1 << 16];
              long longest = 0;
              int n = 0;
              try (Connection connection = database.connect();
                  PreparedStatement read =
                      connection.prepareStatement("SELECT qty FROM items WHERE id = ?")) {
                long due = System.nanoTime();
                while (running.get()) {
                  read.setLong(1, 2 + ThreadLocalRandom.current().nextLong(rows - 1));
                  long early = due - System.nanoTime();
                  if (early > 0) {
                    LockSupport.parkNanos(early);
                  }
                  long start = System.nanoTime();
                  read.executeQuery().close();
                  longest = Math.max(longest, System.nanoTime() - start);
                  if (n < mine.length) {
                    mine[n++] = System.nanoTime() - due;
                  }
                  due += INTERVAL_NANOS;
                }
              }
              synchronized (longestRead) {
                longestRead[0] = Math.max(longestRead[0], longest);
              }
              return Arrays.copyOf(mine, n);
            };
        Thread thread =
            new Thread(
                () -> {
                  try {
                    long[] mine = reads.call();
                    synchronized (waits) {
                      waits.add(mine);
                    }
                  } catch (Exception e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                },
                "read probe " + i);
        threads.add(thread);
        thread.start();
      }
    }

    /** Stops the reads; returns every read's duration in nanoseconds, sorted. */
    long[] stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("a probe read failed", failures.get(0));
      }
      return waits.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }
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
        Straddle.configure(new StraddlePlan())
            .dataSource(database.dataSource())
            .lockTimeout(lockTimeout)
            .load();
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
                  result.set(straddle.expand(Backfill.DEFER));
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
