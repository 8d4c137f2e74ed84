package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition-parallel backfill of one partitioned table (docs/ARCHITECTURE.md,
 * "Partition-parallel backfill"): up to {@code backfillWorkers} leaf partitions at once, each
 * walked by a worker on a connection of its own with exactly the batches one stream runs ({@link
 * Backfiller#batches}: lock timeout, writer head, {@code xmin} cutoff, pacing), each batch
 * checkpointing its own partition's position in the history row, in its transaction ({@code
 * backfill_cursor.partitions}). A failure in one worker stops the others between batches and is the
 * run's failure; the run's own connection, which holds the run lock, stays idle but alive
 * meanwhile, and every worker's checkpoint commits only while that session holds the run lock.
 */
final class PartitionWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionWorkers.class);
  private static final Transition PHASE = Transition.BACKFILL;

  /** The {@code application_name} of a worker's connection. */
  static final String WORKER_NAME = "straddle backfill worker";

  private final Backfiller backfiller;
  private final PhaseExecutor executor;
  private final History history;
  private final Settings settings;
  private final RunStats stats;
  private final DataSource dataSource;
  private final PartitionCursors cursors;

  PartitionWorkers(
      Backfiller backfiller,
      PhaseExecutor executor,
      History history,
      Settings settings,
      RunStats stats,
      DataSource dataSource) {
    this.backfiller = backfiller;
    this.executor = executor;
    this.history = history;
    this.settings = settings;
    this.stats = stats;
    this.dataSource = dataSource;
    this.cursors = new PartitionCursors(history, settings);
  }

  /**
   * Whether a partitioned table's backfill goes through the workers: more than one is configured,
   * or the cursor to resume is already per partition (written by workers; with one worker now, the
   * partitions are walked one at a time on the run's connection, resuming each where it stopped).
   */
  static boolean applies(Settings settings, boolean perPartitionCursor) {
    return settings.backfillWorkers() > 1 || perPartitionCursor;
  }

  /**
   * Backfills the leaves of {@code table}'s walk (its {@code relation} is the partitioned table),
   * resuming from the stored cursor when {@code resuming}, then marks the table done in the cursor.
   */
  void run(
      PlannedMigration migration,
      HistoryRow row,
      BackfillWalk table,
      List<Partitions.Partition> leaves,
      boolean resuming)
      throws SQLException {
    int id = migration.id();
    Connection connection = executor.connection();
    Map<String, PartitionCursors.Position> positions = new LinkedHashMap<>();
    if (resuming) {
      positions.putAll(cursors.read(connection, id, table.declared()));
    }
    int runnerPid = backendPid(connection);
    // The cursor in the per-partition shape from the start (a stream's cursor converted), so each
    // worker only ever replaces its own partition's entry.
    String start = PartitionCursors.cursor(table.declared(), positions);
    executor.inTransaction(
        id,
        PHASE,
        tx -> {
          tx.describe("checkpoint the backfill cursor in " + history.table());
          history.checkpoint(tx.connection(), id, start, 0, 0);
          return null;
        });
    Queue<Partitions.Partition> left = new ConcurrentLinkedQueue<>();
    for (Partitions.Partition leaf : leaves) {
      PartitionCursors.Position at = positions.get(leaf.key());
      if (at == null || !at.done()) {
        left.add(leaf);
      }
    }
    int workers = Math.min(settings.backfillWorkers(), left.size());
    LOG.info(
        "migration {}: backfilling {}, {} of {} partitions left, {} at once",
        id,
        table.declared(),
        left.size(),
        leaves.size(),
        Math.max(1, workers));
    if (workers <= 1 || dataSource == null) {
      // One at a time, on the run's own connection.
      Partitions.Partition leaf;
      while ((leaf = left.poll()) != null) {
        walk(backfiller, migration, row, table, leaf, positions, runnerPid);
      }
    } else {
      parallel(migration, row, table, left, positions, runnerPid, workers);
    }
    executor.inTransaction(
        id,
        PHASE,
        tx -> {
          tx.describe("mark table " + table.declared() + " backfilled in " + history.table());
          cursors.markDone(tx.connection(), id);
          return null;
        });
  }

  private void walk(
      Backfiller by,
      PlannedMigration migration,
      HistoryRow row,
      BackfillWalk table,
      Partitions.Partition leaf,
      Map<String, PartitionCursors.Position> positions,
      int runnerPid)
      throws SQLException {
    PartitionCursors.Position at = positions.get(leaf.key());
    List<String> after = at == null ? List.of() : at.after();
    by.batches(
        migration,
        row,
        table.leaf(leaf, cursors.leaf(migration.id(), leaf.key(), runnerPid)),
        after);
  }

  private void parallel(
      PlannedMigration migration,
      HistoryRow row,
      BackfillWalk table,
      Queue<Partitions.Partition> left,
      Map<String, PartitionCursors.Position> positions,
      int runnerPid,
      int workers) {
    int id = migration.id();
    AtomicInteger number = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            task -> {
              Thread thread = new Thread(task, "straddle-backfill-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ExecutorCompletionService<RunStats> completion = new ExecutorCompletionService<>(pool);
    List<Future<RunStats>> futures = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      futures.add(
          completion.submit(() -> worker(migration, row, table, left, positions, runnerPid)));
    }
    RuntimeException failure = null;
    Future<RunStats> failed = null;
    int running = workers;
    try {
      while (running > 0) {
        Future<RunStats> finished;
        try {
          finished = completion.poll(PhaseExecutor.KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = StraddleException.at(id, PHASE, null, e, ErrorCode.BACKFILL_INTERRUPTED);
          break;
        }
        if (finished == null) {
          // The run lock's session must not sit idle while the workers run.
          executor.keepAlive(id, PHASE);
          continue;
        }
        running--;
        RuntimeException error = failure(finished);
        if (error != null) {
          failure = error;
          failed = finished;
          break;
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      if (failure != null) {
        pool.shutdownNow(); // the others stop between batches; the batch in flight commits
      } else {
        pool.shutdown();
      }
      awaitUninterruptibly(pool);
    }
    for (Future<RunStats> future : futures) {
      if (future == failed) {
        continue;
      }
      RuntimeException other = failure(future);
      if (other == null) {
        RunStats done = join(future);
        stats.rowsBackfilled += done.rowsBackfilled;
        stats.lockRetries += done.lockRetries;
      } else if (failure != null && !stoppedBy(other, failure)) {
        LOG.warn("migration {}: another backfill worker failed too: {}", id, other.getMessage());
      }
    }
    stats.at(id, PHASE);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Whether a worker's {@code error} only follows from the run's {@code failure}: it was stopped,
   * or it found the same run lock gone.
   */
  private static boolean stoppedBy(RuntimeException error, RuntimeException failure) {
    if (!(error instanceof StraddleException worker)) {
      return false;
    }
    return worker.code() == ErrorCode.BACKFILL_INTERRUPTED
        || failure instanceof StraddleException run && run.code() == worker.code();
  }

  /** One worker: takes partitions from {@code left} until none is left, on its own connection. */
  private RunStats worker(
      PlannedMigration migration,
      HistoryRow row,
      BackfillWalk table,
      Queue<Partitions.Partition> left,
      Map<String, PartitionCursors.Position> positions,
      int runnerPid) {
    RunStats own = new RunStats();
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw StraddleException.at(
          migration.id(),
          PHASE,
          null,
          e,
          ErrorCode.DATABASE_ERROR,
          "connect a backfill worker",
          e.getMessage());
    }
    try {
      try (Statement statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute("SET application_name = '" + WORKER_NAME + "'");
      }
      Backfiller by = backfiller.worker(new PhaseExecutor(connection, settings, own), own);
      Partitions.Partition leaf;
      while ((leaf = left.poll()) != null) {
        if (Thread.currentThread().isInterrupted()) {
          throw StraddleException.at(
              migration.id(), PHASE, null, null, ErrorCode.BACKFILL_INTERRUPTED);
        }
        walk(by, migration, row, table, leaf, positions, runnerPid);
      }
      return own;
    } catch (SQLException e) {
      throw StraddleException.at(
          migration.id(),
          PHASE,
          null,
          e,
          ErrorCode.DATABASE_ERROR,
          "a backfill worker's connection",
          e.getMessage());
    } finally {
      close(connection);
    }
  }

  /** The failure {@code future} (done) ended with, or {@code null}. */
  private static RuntimeException failure(Future<RunStats> future) {
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        return runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      return new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException(e);
    } catch (java.util.concurrent.CancellationException e) {
      return e;
    }
  }

  private static RunStats join(Future<RunStats> future) {
    try {
      return future.get();
    } catch (ExecutionException | InterruptedException e) {
      throw new IllegalStateException(e); // not reached: failure(future) was null
    }
  }

  private static void awaitUninterruptibly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(Connection connection) {
    try (connection) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("RESET application_name");
      }
    } catch (SQLException e) {
      LOG.debug("could not reset a backfill worker's connection", e);
    }
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
