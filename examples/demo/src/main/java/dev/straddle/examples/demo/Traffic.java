package dev.straddle.examples.demo;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.runtime.WriterHead;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The running instances of one release: producers enqueue jobs, workers fetch and finish them, and
 * now and then a worker asks for another running job to be aborted. Every connection says the
 * release's head, as a deployed application built with Straddle does.
 */
final class Traffic {

  static final String QUEUE = "default";

  private final JobQueueRelease release;
  private final DataSource dataSource;
  private final AtomicBoolean active = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final Set<Long> abortedIds;
  private final Set<Long> running;
  private final Stats stats = new Stats();

  /** What one release did; read after {@link #stop()}. */
  static final class Stats {
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong processed = new AtomicLong();
    final AtomicLong abortsRequested = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong slowestMillis = new AtomicLong();
    final List<String> errorMessages = new ArrayList<>();
  }

  /**
   * @param jobs what every release's instances share: which jobs are running, which had an abort
   *     requested
   */
  Traffic(JobQueueRelease release, DataSource dataSource, WriterHead.Mode mode, SharedJobs jobs) {
    this.release = release;
    this.dataSource = StraddleDataSource.wrap(dataSource, release.plan().head(), mode);
    this.abortedIds = jobs.aborted();
    this.running = jobs.running();
  }

  /** Jobs seen by the instances of both releases. */
  record SharedJobs(Set<Long> running, Set<Long> aborted) {
    static SharedJobs create() {
      return new SharedJobs(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
    }
  }

  JobQueueRelease release() {
    return release;
  }

  Stats stats() {
    return stats;
  }

  void start(int producers, int workers) {
    for (int i = 0; i < producers; i++) {
      launch("producer", this::produce);
    }
    for (int i = 0; i < workers; i++) {
      launch("worker", this::work);
    }
  }

  void stop() throws InterruptedException {
    active.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private interface Loop {
    void once(Connection connection) throws SQLException;
  }

  private void launch(String role, Loop loop) {
    Thread thread =
        new Thread(
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                while (active.get()) {
                  long started = System.nanoTime();
                  try {
                    loop.once(connection);
                  } catch (SQLException e) {
                    recordError(e);
                  }
                  stats.slowestMillis.accumulateAndGet(
                      (System.nanoTime() - started) / 1_000_000, Math::max);
                }
              } catch (SQLException e) {
                recordError(e);
              }
            },
            release.name() + " " + role);
    threads.add(thread);
    thread.start();
  }

  private void produce(Connection connection) throws SQLException {
    release.enqueue(connection, QUEUE, "{\"n\": " + stats.enqueued.get() + "}");
    stats.enqueued.incrementAndGet();
    pause(); // a steady producer, not a flood the workers can never catch up with
  }

  private void work(Connection connection) throws SQLException {
    OptionalLong job = release.fetch(connection, QUEUE);
    if (job.isEmpty()) {
      pause();
      return;
    }
    long id = job.getAsLong();
    running.add(id);
    try {
      // One job in ten: ask for some running job to be aborted, maybe one the other release
      // holds. Whoever finishes it must then see the request, whichever release made it.
      if (ThreadLocalRandom.current().nextInt(10) == 0) {
        long target = running.stream().findAny().orElse(id);
        if (release.requestAbort(connection, target)) {
          abortedIds.add(target);
          stats.abortsRequested.incrementAndGet();
        }
      }
      if (abortedIds.contains(id) && !release.abortRequested(connection, id)) {
        throw new SQLException(release.name() + " does not see the abort requested for job " + id);
      }
      release.finish(connection, id);
      stats.processed.incrementAndGet();
    } finally {
      running.remove(id);
    }
  }

  private void recordError(SQLException e) {
    stats.errors.incrementAndGet();
    synchronized (stats.errorMessages) {
      if (stats.errorMessages.size() < 5) {
        stats.errorMessages.add(Thread.currentThread().getName() + ": " + e.getMessage());
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
