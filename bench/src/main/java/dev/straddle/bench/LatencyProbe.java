package dev.straddle.bench;

import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Live traffic while something else happens: connections doing single-row updates of random rows
 * (as old code), each statement's latency recorded.
 *
 * <p>Closed loop ({@code ratePerConnection} 0): each connection sends its next statement as soon as
 * the last one returns, which saturates a small server. Paced: each connection sends {@code
 * ratePerConnection} statements a second on a fixed schedule, and a statement's latency counts from
 * when it was due, so a stall also counts against the statements it delayed (no coordinated
 * omission).
 */
final class LatencyProbe implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final List<long[]> samples = new ArrayList<>();
  private final List<Integer> counts = new ArrayList<>();
  private final List<SQLException> failures = new ArrayList<>();

  LatencyProbe(TestDatabase database, int connections, long rows, int ratePerConnection) {
    long interval = ratePerConnection <= 0 ? 0 : 1_000_000_000L / ratePerConnection;
    for (int i = 0; i < connections; i++) {
      int slot = i;
      samples.add(new long[1 << 20]);
      counts.add(0);
      Thread thread =
          new Thread(
              () -> {
                long[] mine = samples.get(slot);
                int n = 0;
                try (Connection connection = database.connect();
                    PreparedStatement update =
                        connection.prepareStatement(
                            "UPDATE items SET qty = qty + 1 WHERE id = ?")) {
                  long due = System.nanoTime();
                  while (running.get()) {
                    update.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
                    long start = System.nanoTime();
                    if (interval > 0) {
                      long wait = due - start;
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      start = due;
                      due += interval;
                    }
                    update.executeUpdate();
                    if (n < mine.length) {
                      mine[n++] = System.nanoTime() - start;
                    }
                  }
                } catch (SQLException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
                synchronized (counts) {
                  counts.set(slot, n);
                }
              },
              "latency probe " + i);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops the traffic; returns {p50, p99, max} in milliseconds and the statement count. */
  Result stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("live traffic saw an error", failures.get(0));
    }
    int total = counts.stream().mapToInt(Integer::intValue).sum();
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < samples.size(); i++) {
      System.arraycopy(samples.get(i), 0, all, at, counts.get(i));
      at += counts.get(i);
    }
    Arrays.sort(all);
    return new Result(
        percentile(all, 0.50),
        percentile(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        total);
  }

  @Override
  public void close() throws InterruptedException {
    if (running.get()) {
      stop();
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  /** Latencies in milliseconds. */
  record Result(double p50, double p99, double max, int statements) {}
}
