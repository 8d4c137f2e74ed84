package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
  }

  /**
   * Whether a partitioned table's backfill goes through the workers: more than one is configured,
   * or the cursor to resume is already per partition (written by workers; with one worker now, the
   * partitions are walked one at a time on the run's connection, resuming each where it stopped).
   */
  static boolean applies(Settings settings, boolean perPartitionCursor) {
    return settings.backfillWorkers() > 1 || perPartitionCursor;
  }

  /** One partition's position: the last key done (empty: none yet), and whether it is done. */
  record Position(List<String> after, boolean done) {}

  /**
   * Backfills the leaves of {@code table}'s walk (its {@code relation} is the partitioned table),
   * resuming from the stored cursor when {@code resuming}, then marks the table done in the cursor.
   */
  void run(
      PlannedMigration migration,
      HistoryRow row,
      Backfiller.Walk table,
      List<Partitions.Partition> leaves,
      boolean resuming)
      throws SQLException {
    int id = migration.id();
    Connection connection = executor.connection();
    Map<String, Position> positions = new LinkedHashMap<>();
    if (resuming) {
      positions.putAll(read(connection, id, table.declared()));
    }
    int runnerPid = backendPid(connection);
    // The cursor in the per-partition shape from the start (a stream's cursor converted), so each
    // worker only ever replaces its own partition's entry.
    String start = cursor(table.declared(), positions);
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
      Position at = positions.get(leaf.key());
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
          try (PreparedStatement statement =
              tx.connection()
                  .prepareStatement(
                      "UPDATE "
                          + history.table()
                          + " SET backfill_cursor = jsonb_set(backfill_cursor, '{done}', 'true')"
                          + " WHERE id = ?")) {
            statement.setInt(1, id);
            statement.executeUpdate();
          }
          return null;
        });
  }

  private void walk(
      Backfiller by,
      PlannedMigration migration,
      HistoryRow row,
      Backfiller.Walk table,
      Partitions.Partition leaf,
      Map<String, Position> positions,
      int runnerPid)
      throws SQLException {
    Position at = positions.get(leaf.key());
    List<String> after = at == null ? List.of() : at.after();
    by.batches(
        migration,
        row,
        table.leaf(leaf, new LeafCheckpoint(migration.id(), leaf.key(), runnerPid)),
        after);
  }

  private void parallel(
      PlannedMigration migration,
      HistoryRow row,
      Backfiller.Walk table,
      Queue<Partitions.Partition> left,
      Map<String, Position> positions,
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
      Backfiller.Walk table,
      Queue<Partitions.Partition> left,
      Map<String, Position> positions,
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

  /**
   * The stored positions of {@code table}'s partitions: the per-partition cursor's entries, or a
   * stream's cursor read as positions (its partitions done, and the one in progress).
   */
  private Map<String, Position> read(Connection connection, int id, String table)
      throws SQLException {
    String from =
        " FROM " + history.table() + " h WHERE h.id = ? AND h.backfill_cursor->>'table' = ?";
    String sql =
        "SELECT p.key, ARRAY(SELECT jsonb_array_elements_text(coalesce(p.value->'after', '[]'))),"
            + " coalesce((p.value->>'done')::boolean, false)"
            + from.replace(
                " WHERE",
                ", jsonb_each(coalesce(h.backfill_cursor->'partitions'," + " '{}')) p WHERE")
            + " UNION ALL SELECT d, ARRAY[]::text[], true"
            + from.replace(
                " WHERE",
                ", jsonb_array_elements_text(coalesce("
                    + "h.backfill_cursor->'partitions_done', '[]')) d WHERE")
            + " UNION ALL SELECT h.backfill_cursor->>'partition', ARRAY(SELECT"
            + " jsonb_array_elements_text(coalesce(h.backfill_cursor->'after', '[]'))), false"
            + from
            + " AND h.backfill_cursor->>'partition' IS NOT NULL";
    Map<String, Position> positions = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < 3; i++) {
        statement.setInt(2 * i + 1, id);
        statement.setString(2 * i + 2, table);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Array array = rs.getArray(2);
          Position read = new Position(List.of((String[]) array.getArray()), rs.getBoolean(3));
          // A stream's cursor names the partition it finished both as done and in progress.
          positions.merge(rs.getString(1), read, (a, b) -> a.done() ? a : b.done() ? b : a);
        }
      }
    }
    return positions;
  }

  /** The per-partition cursor of {@code table}: {@code partitions} maps each to its position. */
  static String cursor(String table, Map<String, Position> positions) {
    StringBuilder out =
        new StringBuilder("{\"table\": ")
            .append(Json.string(table))
            .append(", \"done\": false, \"partitions\": {");
    boolean first = true;
    for (Map.Entry<String, Position> entry : positions.entrySet()) {
      out.append(first ? "" : ", ")
          .append(Json.string(entry.getKey()))
          .append(": ")
          .append(position(entry.getValue().after(), entry.getValue().done()));
      first = false;
    }
    return out.append("}}").toString();
  }

  /** One partition's entry: {@code {"after": [...], "done": false}}. */
  static String position(List<String> after, boolean done) {
    StringBuilder out = new StringBuilder("{\"after\": [");
    for (int i = 0; i < after.size(); i++) {
      out.append(i == 0 ? "" : ", ")
          .append(after.get(i) == null ? "null" : Json.string(after.get(i)));
    }
    return out.append("], \"done\": ").append(done).append('}').toString();
  }

  /**
   * The checkpoint of one partition's batch, in the batch's transaction: replaces only that
   * partition's entry of the cursor ({@code jsonb_set} on the row as it is when the update gets its
   * lock, so concurrent workers' entries are kept) and adds the batch's rows and time; it commits
   * only while the run's session holds the run lock, or the batch rolls back as a lost run lock.
   */
  final class LeafCheckpoint {
    private final int id;
    private final String partition;
    private final int runnerPid;

    LeafCheckpoint(int id, String partition, int runnerPid) {
      this.id = id;
      this.partition = partition;
      this.runnerPid = runnerPid;
    }

    void write(Connection connection, List<String> after, boolean finished, long rows, long millis)
        throws SQLException {
      String sql =
          "UPDATE "
              + history.table()
              + " SET backfill_cursor = jsonb_set(backfill_cursor, ARRAY['partitions', ?],"
              + " ?::jsonb), backfill_rows = backfill_rows + ?,"
              + " backfill_ms = coalesce(backfill_ms, 0) + ? WHERE id = ? AND EXISTS (SELECT 1"
              + " FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::bigint::oid"
              + " AND objid = ?::bigint::oid AND objsubid = 2 AND pid = ? AND granted)";
      int updated;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, partition);
        statement.setString(2, position(after, finished));
        statement.setLong(3, rows);
        statement.setLong(4, millis);
        statement.setInt(5, id);
        statement.setLong(6, Integer.toUnsignedLong(RunLock.CLASS_KEY));
        statement.setLong(7, Integer.toUnsignedLong(RunLock.objectKey(settings.historySchema())));
        statement.setInt(8, runnerPid);
        updated = statement.executeUpdate();
      }
      if (updated != 1) {
        throw RunLock.lostError(
            new SQLException(
                "the run's session (pid "
                    + runnerPid
                    + ") no longer holds the run lock; this worker's batch on "
                    + partition
                    + " was rolled back",
                "08006"),
            id,
            PHASE,
            sql);
      }
    }
  }
}
