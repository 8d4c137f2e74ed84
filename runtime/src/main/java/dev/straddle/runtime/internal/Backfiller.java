package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.BackfillSql;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import dev.straddle.runtime.WriterHead;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of one migration (docs/ARCHITECTURE.md, "Backfill"): keyset batches over the primary
 * key, each its own transaction that also checkpoints the cursor in the history row; only rows
 * older than the expand transaction are rewritten.
 */
public final class Backfiller {

  private static final Logger LOG = LoggerFactory.getLogger(Backfiller.class);
  private static final Transition PHASE = Transition.BACKFILL;

  private final PhaseExecutor executor;
  private final History history;
  private final Settings settings;
  private final RunStats stats;
  private final DataSource dataSource;
  private BackfillPacer pacer;
  private final ReplicaLag replicas;

  public Backfiller(PhaseExecutor executor, History history, Settings settings, RunStats stats) {
    this(executor, history, settings, stats, null);
  }

  /**
   * A backfiller whose partition-parallel workers ({@link PartitionWorkers}) take their connections
   * from {@code dataSource} ({@code null}: one stream only).
   */
  public Backfiller(
      PhaseExecutor executor,
      History history,
      Settings settings,
      RunStats stats,
      DataSource dataSource) {
    this.executor = executor;
    this.history = history;
    this.settings = settings;
    this.stats = stats;
    this.replicas = new ReplicaLag(executor, settings, stats);
    this.dataSource = dataSource;
  }

  /**
   * A backfiller for one partition worker: its own connection ({@code executor}), statistics and
   * pacing, the same history and settings.
   */
  Backfiller worker(PhaseExecutor workerExecutor, RunStats workerStats) {
    Backfiller worker = new Backfiller(workerExecutor, history, settings, workerStats, null);
    worker.pacer = BackfillPacer.of(settings);
    return worker;
  }

  /**
   * A stored cursor: the table in progress, whether it is done, the last key done; on a partitioned
   * table also the partition in progress and the partitions done.
   */
  private record Cursor(
      String table,
      boolean done,
      List<String> after,
      String partition,
      Set<String> partitionsDone,
      boolean perPartition) {}

  /** Backfills {@code migration} from its checkpoint to the end, then marks it backfilled. */
  public void run(PlannedMigration migration, HistoryRow row) throws SQLException {
    stats.at(migration.id(), PHASE);
    pacer = BackfillPacer.of(settings);
    long rowsBefore = stats.rowsBackfilled;
    Connection connection = executor.connection();
    List<String> tables = migration.backfillTables();
    Cursor cursor = readCursor(connection, migration.id());
    int first = 0;
    if (cursor != null) {
      first = Math.max(0, tables.indexOf(cursor.table()));
      if (cursor.done()) {
        first++;
      }
    }
    for (int i = first; i < tables.size(); i++) {
      Cursor resume =
          cursor != null && i == tables.indexOf(cursor.table()) && !cursor.done() ? cursor : null;
      backfillTable(migration, row, tables.get(i), resume);
    }
    new IndexBuilder(executor).buildAll(migration);
    executor.inTransaction(
        migration.id(),
        PHASE,
        tx -> {
          tx.describe("mark migration " + migration.id() + " backfilled in " + history.table());
          history.markBackfilled(tx.connection(), migration.id());
          return null;
        });
    stats.steps.add(
        new RunResult.Step(
            migration.id(),
            RunResult.Step.Kind.BACKFILLED,
            stats.rowsBackfilled - rowsBefore,
            List.of()));
    LOG.info("migration {}: backfilled", migration.id());
    LOG.debug("migration {}: {}", migration.id(), replicas.summary());
  }

  private void backfillTable(
      PlannedMigration migration, HistoryRow row, String declared, Cursor resume)
      throws SQLException {
    Connection connection = executor.connection();
    TableName table = TableName.parse(declared);
    Catalog catalog = new Catalog(connection);
    List<Catalog.KeyColumn> key = catalog.primaryKey(table);
    if (key.isEmpty()) {
      throw StraddleException.in(migration.id(), PHASE, ErrorCode.NO_PRIMARY_KEY, declared);
    }
    List<SyncFragment> ups =
        migration.fragments().stream()
            .filter(f -> f.direction() == Direction.UP && f.table().equals(declared))
            .toList();
    boolean fast = fastPath(history.inFlightOn(connection, declared), migration.id(), declared);
    if (!Partitions.partitioned(connection, table)) {
      batches(
          migration,
          row,
          BackfillWalk.whole(declared, table, key, ups, fast),
          resume == null ? List.of() : resume.after());
      return;
    }
    // A partitioned table holds no rows itself: each leaf partition is walked on its own, in
    // keyset batches of its own key index. The partitions are read from the catalog now, so one
    // attached after the expand (or by hand) is backfilled too; the cursor records the ones done.
    List<Partitions.Partition> leaves = Partitions.leaves(connection, table);
    if (PartitionWorkers.applies(settings, resume != null && resume.perPartition())) {
      new PartitionWorkers(this, executor, history, settings, stats, dataSource)
          .run(
              migration,
              row,
              BackfillWalk.whole(declared, table, key, ups, fast),
              leaves,
              resume != null);
      return;
    }
    Set<String> done = new LinkedHashSet<>(resume == null ? Set.of() : resume.partitionsDone());
    List<String> leafKeys = leaves.stream().map(Partitions.Partition::key).toList();
    List<String> order = leafKeys.stream().filter(k -> !done.contains(k)).toList();
    for (Partitions.Partition leaf : leaves) {
      if (done.contains(leaf.key())) {
        continue;
      }
      boolean last = leaf.key().equals(order.get(order.size() - 1));
      List<String> after =
          resume != null && leaf.key().equals(resume.partition()) ? resume.after() : List.of();
      batches(
          migration,
          row,
          BackfillWalk.inStream(declared, leaf, key, ups, fast, List.copyOf(done), last),
          after);
      done.add(leaf.key());
    }
  }

  void batches(
      PlannedMigration migration, HistoryRow row, BackfillWalk walk, List<String> startAfter)
      throws SQLException {
    Connection connection = executor.connection();
    String declared = walk.declared();
    TableName table = walk.relation();
    List<Catalog.KeyColumn> key = walk.key();
    List<SyncFragment> ups = walk.ups();
    boolean fast = walk.fast();
    Catalog catalog = new Catalog(connection);
    String head = writerHead(fast, migration.id());
    Keyset keyset = new Keyset(table, key);
    long estimate = catalog.estimatedRows(table);
    LOG.info(
        "migration {}: backfilling {}{} ({} path, about {} rows){}",
        migration.id(),
        declared,
        walk.partition() == null ? "" : ", partition " + table,
        fast ? "fast" : "trigger",
        estimate < 0 ? "?" : estimate,
        startAfter.isEmpty() ? "" : ", resuming after key " + startAfter);
    Progress progress = new Progress(migration.id(), declared, estimate, settings);
    IntegerSteps steps = IntegerSteps.of(connection, table, key);
    int size = Math.max(settings.minBatch(), Math.min(settings.maxBatch(), 1000));
    long span = size;
    List<String> after = startAfter;
    while (true) {
      if (walk.own() != null && Thread.currentThread().isInterrupted()) {
        // A partition worker stops between batches when another one failed.
        throw StraddleException.at(
            migration.id(), PHASE, null, null, ErrorCode.BACKFILL_INTERRUPTED);
      }
      List<String> from = after;
      int batchSize = size;
      long batchSpan = span;
      long started = System.nanoTime();
      Object[] outcome =
          executor.inTransaction(
              migration.id(),
              PHASE,
              Map.of(WriterHead.SETTING, head),
              tx -> {
                List<String> upper;
                if (steps != null) {
                  upper = steps.upper(from, batchSpan);
                } else {
                  String boundSql = keyset.upperBound(from);
                  tx.describe(boundSql);
                  upper = keyset.fetchUpper(tx.connection(), boundSql, from, batchSize);
                }
                List<String> lower = steps != null && from.isEmpty() ? steps.start() : from;
                String where = keyset.range(lower, upper) + " AND age(xmin) > age(?::xid)";
                String update =
                    fast
                        ? BackfillSql.computeUp(table, ups, where)
                        : BackfillSql.touchRows(table, key.get(0).name(), where);
                tx.describe(update);
                long updated;
                try (PreparedStatement statement = tx.connection().prepareStatement(update)) {
                  int index = keyset.bind(statement, 1, lower);
                  index = keyset.bind(statement, index, upper);
                  statement.setString(index, row.backfillBefore32());
                  updated = statement.executeUpdate();
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                // Adaptive: the waiters are counted in the checkpoint's statement (its RETURNING),
                // after the batch's update and before the commit, in the same round trip.
                String countWaiters = pacer.isAdaptive() ? WAITERS_SQL : null;
                tx.describe(
                    "checkpoint the backfill cursor in "
                        + history.table()
                        + (countWaiters == null ? "" : ", counting waiters: " + countWaiters));
                int waiters;
                if (walk.own() != null) {
                  waiters =
                      walk.own()
                          .write(
                              tx.connection(),
                              upper == null ? from : upper,
                              upper == null,
                              updated,
                              millis,
                              countWaiters);
                } else {
                  waiters =
                      history.checkpoint(
                          tx.connection(),
                          migration.id(),
                          walk.cursor(upper == null ? from : upper, upper == null),
                          updated,
                          millis,
                          countWaiters);
                }
                return new Object[] {updated, upper, waiters};
              });
      long updated = (Long) outcome[0];
      @SuppressWarnings("unchecked")
      List<String> upper = (List<String>) outcome[1];
      int waiters = (Integer) outcome[2];
      stats.rowsBackfilled += updated;
      progress.batch(updated);
      if (settings.listener() != null) {
        settings
            .listener()
            .batchDone(
                migration.id(),
                declared,
                updated,
                progress.rows(),
                Duration.ofNanos(System.nanoTime() - started));
      }
      if (upper == null) {
        progress.finish();
        return;
      }
      after = upper;
      long elapsed = System.nanoTime() - started;
      pacer.observe(elapsed, waiters);
      if (settings.listener() != null) {
        settings
            .listener()
            .batchPaced(migration.id(), declared, waiters, pacer.target(), pacer.pause());
      }
      size = nextSize(size, elapsed);
      if (steps != null) {
        span =
            steps.nextSpan(
                span, updated, factor(elapsed), settings.minBatch(), settings.maxBatch());
      }
      pause(migration.id());
      replicas.beforeNextBatch(migration.id(), declared);
    }
  }

  /**
   * The {@code straddle.head} the batches of migration {@code id} write as: on the fast path the
   * backfill's own head, which the sync trigger skips; else {@code id - 1}, so the trigger computes
   * what such a writer's row needs. {@code plan} prints the same value.
   */
  static String writerHead(boolean fast, int id) {
    return String.valueOf(fast ? SyncFunctionSql.BACKFILL_HEAD : id - 1);
  }

  /**
   * Whether the batch may compute the UP expressions itself: no other in-flight migration of the
   * table has a fragment that would apply to a writer with head {@code id - 1}.
   */
  static boolean fastPath(Collection<HistoryRow> inFlight, int id, String table) {
    for (HistoryRow other : inFlight) {
      if (other.id() == id) {
        continue;
      }
      for (SyncFragment f : other.fragments()) {
        if (!f.table().equals(table)) {
          continue;
        }
        boolean applies =
            f.direction() == Direction.DOWN ? other.id() <= id - 1 : other.id() > id - 1;
        if (applies) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Sessions waiting for a lock this transaction holds: every application write that hit a row the
   * batch updated waits until the batch commits, so just before the commit they are all there.
   * {@code pg_locks} and {@code pg_blocking_pids} show other roles' sessions too.
   */
  static final String WAITERS_SQL =
      "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
          + " AND pg_backend_pid() = ANY(pg_blocking_pids(pid))";

  /**
   * The throttle: leaves the server to the application between batches (keeping the run lock's
   * connection alive: {@link PhaseExecutor#idle}).
   */
  private void pause(int migrationId) {
    long millis = pacer.pause().toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      executor.idle(migrationId, PHASE, millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StraddleException.at(migrationId, PHASE, null, e, ErrorCode.BACKFILL_INTERRUPTED);
    }
  }

  private int nextSize(int size, long elapsedNanos) {
    long next = Math.round(size * factor(elapsedNanos));
    return (int) Math.max(settings.minBatch(), Math.min(settings.maxBatch(), next));
  }

  /** How much the next batch should grow or shrink toward the target: ×0.5 to ×2. */
  private double factor(long elapsedNanos) {
    double target = pacer.target().toNanos();
    return Math.max(0.5, Math.min(2.0, target / Math.max(1, elapsedNanos)));
  }

  private Cursor readCursor(Connection connection, int id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT backfill_cursor->>'table', coalesce((backfill_cursor->>'done')::boolean,"
                + " false), ARRAY(SELECT jsonb_array_elements_text(backfill_cursor->'after')),"
                + " backfill_cursor->>'partition', ARRAY(SELECT jsonb_array_elements_text("
                + "coalesce(backfill_cursor->'partitions_done', '[]'))),"
                + " backfill_cursor->'partitions' IS NOT NULL"
                + " FROM "
                + history.table()
                + " WHERE id = ? AND backfill_cursor IS NOT NULL")) {
      statement.setInt(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Array array = rs.getArray(3);
        List<String> after = Arrays.asList((String[]) array.getArray());
        Set<String> partitionsDone =
            new LinkedHashSet<>(Arrays.asList((String[]) rs.getArray(5).getArray()));
        return new Cursor(
            rs.getString(1),
            rs.getBoolean(2),
            after,
            rs.getString(4),
            partitionsDone,
            rs.getBoolean(6));
      }
    }
  }
}
