package dev.straddle.runtime.internal;

import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.SyncFragment.Direction;
import dev.straddle.runtime.WriterHead;
import dev.straddle.runtime.sql.BackfillSql;
import dev.straddle.runtime.sql.Identifiers;
import dev.straddle.runtime.sql.SyncFunctionSql;
import dev.straddle.runtime.sql.TableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of one migration (docs/ARCHITECTURE.md, "Backfill"): keyset batches over the primary
 * key, each its own transaction that also checkpoints the cursor in the history row; only rows
 * older than the expand transaction are rewritten.
 */
public final class Backfiller {

  private static final Logger LOG = LoggerFactory.getLogger(Backfiller.class);
  private static final String PHASE = "backfill";

  private final PhaseExecutor executor;
  private final History history;
  private final Settings settings;
  private final RunStats stats;

  public Backfiller(PhaseExecutor executor, History history, Settings settings, RunStats stats) {
    this.executor = executor;
    this.history = history;
    this.settings = settings;
    this.stats = stats;
  }

  /** A stored cursor: the table in progress, whether it is done, the last key done. */
  private record Cursor(String table, boolean done, List<String> after) {}

  /** Backfills {@code migration} from its checkpoint to the end, then marks it backfilled. */
  public void run(PlannedMigration migration, HistoryRow row) throws SQLException {
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
      List<String> after =
          cursor != null && i == tables.indexOf(cursor.table()) && !cursor.done()
              ? cursor.after()
              : List.of();
      backfillTable(migration, row, tables.get(i), after);
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
    stats.steps.add(migration.id() + " backfilled");
    LOG.info("migration {}: backfilled", migration.id());
  }

  private void backfillTable(
      PlannedMigration migration, HistoryRow row, String declared, List<String> startAfter)
      throws SQLException {
    Connection connection = executor.connection();
    TableName table = TableName.parse(declared);
    Catalog catalog = new Catalog(connection);
    List<Catalog.KeyColumn> key = catalog.primaryKey(table);
    if (key.isEmpty()) {
      throw new StraddleException(
          StraddleException.Kind.FAILED,
          "table "
              + declared
              + " has no primary key; the backfill walks the primary key in batches. Add a"
              + " primary key (or backfill this table by hand and mark the migration backfilled)",
          migration.id(),
          PHASE,
          null,
          null);
    }
    List<SyncFragment> ups =
        migration.fragments().stream()
            .filter(f -> f.direction() == Direction.UP && f.table().equals(declared))
            .toList();
    boolean fast = fastPath(history.inFlightOn(connection, declared), migration.id(), declared);
    String head =
        fast ? String.valueOf(SyncFunctionSql.BACKFILL_HEAD) : String.valueOf(migration.id() - 1);
    Keyset keyset = new Keyset(table, key);
    long estimate = catalog.estimatedRows(table);
    LOG.info(
        "migration {}: backfilling {} ({} path, about {} rows){}",
        migration.id(),
        declared,
        fast ? "fast" : "trigger",
        estimate < 0 ? "?" : estimate,
        startAfter.isEmpty() ? "" : ", resuming after key " + startAfter);
    Progress progress = new Progress(migration.id(), declared, estimate, settings);
    IntegerSteps steps = IntegerSteps.of(connection, table, key);
    int size = Math.max(settings.minBatch(), Math.min(settings.maxBatch(), 1000));
    long span = size;
    List<String> after = startAfter;
    while (true) {
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
                tx.describe("checkpoint the backfill cursor in " + history.table());
                history.checkpoint(
                    tx.connection(),
                    migration.id(),
                    Json.cursor(declared, upper == null ? from : upper, upper == null),
                    updated,
                    millis);
                return new Object[] {updated, upper};
              });
      long updated = (Long) outcome[0];
      @SuppressWarnings("unchecked")
      List<String> upper = (List<String>) outcome[1];
      stats.rowsBackfilled += updated;
      progress.batch(updated);
      if (settings.listener() != null) {
        settings.listener().batchDone(migration.id(), declared, updated, progress.rows());
      }
      if (upper == null) {
        progress.finish();
        return;
      }
      after = upper;
      long elapsed = System.nanoTime() - started;
      size = nextSize(size, elapsed);
      if (steps != null) {
        span =
            steps.nextSpan(
                span, updated, factor(elapsed), settings.minBatch(), settings.maxBatch());
      }
      pause(migration.id());
    }
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

  /** The throttle: leaves the server to the application between batches. */
  private void pause(int migrationId) {
    long millis = settings.batchPause().toMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StraddleException(
          StraddleException.Kind.FAILED,
          "interrupted during the pause between backfill batches; every batch so far is"
              + " committed and checkpointed, the next run resumes after the last one",
          migrationId,
          PHASE,
          null,
          e);
    }
  }

  private int nextSize(int size, long elapsedNanos) {
    long next = Math.round(size * factor(elapsedNanos));
    return (int) Math.max(settings.minBatch(), Math.min(settings.maxBatch(), next));
  }

  /** How much the next batch should grow or shrink toward the target: ×0.5 to ×2. */
  private double factor(long elapsedNanos) {
    double target = settings.batchTarget().toNanos();
    return Math.max(0.5, Math.min(2.0, target / Math.max(1, elapsedNanos)));
  }

  private Cursor readCursor(Connection connection, int id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT backfill_cursor->>'table', coalesce((backfill_cursor->>'done')::boolean,"
                + " false), ARRAY(SELECT jsonb_array_elements_text(backfill_cursor->'after'))"
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
        return new Cursor(rs.getString(1), rs.getBoolean(2), after);
      }
    }
  }

  /**
   * Batches of a single-column integer primary key by key arithmetic: {@code (from, from + span]},
   * with no probe for the batch's upper key. The probe reads the batch's index entries (and, where
   * the visibility map is not set, its heap rows) a second time; it cost the backfill about a tenth
   * of its rate (BENCHMARKS.md, figure 1). The span adapts to the batch target like the row count
   * does, and grows across gaps in the keys. Rows with keys above the maximum read at the start
   * were written after expand, through the sync trigger, and need no backfill.
   */
  static final class IntegerSteps {
    private static final Set<String> TYPES = Set.of("smallint", "integer", "bigint");

    private final long min;
    private final long max;

    private IntegerSteps(long min, long max) {
      this.min = min;
      this.max = max;
    }

    /** Steps for {@code key} if it is one integer column, else {@code null} (probe instead). */
    static IntegerSteps of(Connection connection, TableName table, List<Catalog.KeyColumn> key)
        throws SQLException {
      if (key.size() != 1 || !TYPES.contains(key.get(0).type())) {
        return null;
      }
      String column = Identifiers.quote(key.get(0).name());
      try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT min(" + column + "), max(" + column + ") FROM " + table.sql());
          ResultSet rs = statement.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        if (rs.wasNull()) {
          return new IntegerSteps(0, -1);
        }
        return new IntegerSteps(min, rs.getLong(2));
      }
    }

    /** The lower bound of the first batch: just below the smallest key. */
    List<String> start() {
      return min == Long.MIN_VALUE ? List.of() : List.of(Long.toString(min - 1));
    }

    /** The batch's upper key, or {@code null} for the last batch (no upper bound). */
    List<String> upper(List<String> after, long span) {
      if (max < min) {
        return null;
      }
      long from;
      if (!after.isEmpty()) {
        from = Long.parseLong(after.get(0));
      } else {
        from = min == Long.MIN_VALUE ? min : min - 1;
      }
      long left;
      try {
        left = Math.subtractExact(max, from);
      } catch (ArithmeticException e) {
        left = Long.MAX_VALUE;
      }
      return left <= span ? null : List.of(Long.toString(from + span));
    }

    /**
     * The next span: scaled by the time factor, down when the batch updated more rows than the
     * bound allows, and never below the smallest batch (a key holds at most one row, so a span of
     * {@code minRows} holds at most that many rows).
     */
    long nextSpan(long span, long updated, double factor, int minRows, int maxRows) {
      double next = span * factor;
      if (updated > 0) {
        next = Math.min(next, (double) span * maxRows / updated);
      }
      return (long) Math.max(minRows, Math.min(Long.MAX_VALUE / 4, next));
    }
  }

  /** The SQL of keyset batches over one table's primary key; key values travel as text. */
  static final class Keyset {
    private final TableName table;
    private final List<Catalog.KeyColumn> key;
    private final String columns;
    private final String orderBy;

    Keyset(TableName table, List<Catalog.KeyColumn> key) {
      this.table = table;
      this.key = key;
      this.columns =
          key.stream().map(k -> Identifiers.quote(k.name())).collect(Collectors.joining(", "));
      this.orderBy = columns;
    }

    private String row() {
      return "(" + columns + ")";
    }

    private String parameters() {
      return "(" + key.stream().map(k -> "?::" + k.type()).collect(Collectors.joining(", ")) + ")";
    }

    /** The batch's upper key: the n-th key after the cursor, in index order. */
    String upperBound(List<String> after) {
      // Aliased: ORDER BY "id" would otherwise sort by the text output column of that name.
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < key.size(); i++) {
        texts.add(Identifiers.quote(key.get(i).name()) + "::text AS straddle_key_" + i);
      }
      String text = String.join(", ", texts);
      return "SELECT "
          + text
          + " FROM "
          + table.sql()
          + (after.isEmpty() ? "" : " WHERE " + row() + " > " + parameters())
          + " ORDER BY "
          + orderBy
          + " LIMIT 1 OFFSET ?";
    }

    /** The n-th key after the cursor, or {@code null} when fewer rows are left (last batch). */
    List<String> fetchUpper(Connection connection, String sql, List<String> after, int n)
        throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int index = bind(statement, 1, after);
        statement.setInt(index, n - 1);
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= key.size(); i++) {
            values.add(rs.getString(i));
          }
          return values;
        }
      }
    }

    /** {@code key > after AND key <= upper}, either bound left out when absent. */
    String range(List<String> after, List<String> upper) {
      List<String> parts = new ArrayList<>();
      if (!after.isEmpty()) {
        parts.add(row() + " > " + parameters());
      }
      if (upper != null) {
        parts.add(row() + " <= " + parameters());
      }
      return parts.isEmpty() ? "true" : String.join(" AND ", parts);
    }

    int bind(PreparedStatement statement, int index, List<String> values) throws SQLException {
      if (values == null) {
        return index;
      }
      for (String value : values) {
        statement.setString(index++, value);
      }
      return index;
    }
  }
}
