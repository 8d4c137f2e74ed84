package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleListener;
import dev.straddle.testkit.LoopbackReplica;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 9 (issue 18, item 3): the backfill's effect on a streaming standby on loopback ({@link
 * LoopbackReplica}, with PostgreSQL's default {@code wal_receiver_status_interval} of 10 s), with
 * the replica lag bound off, at its default and tighter, against one bulk {@code UPDATE} of the
 * same columns on the same expanded table (sync trigger present and skipped, as for the backfill).
 * Per variant, rotated over rounds on fresh tables: the standby's replay lag sampled every 100 ms
 * on the standby itself (the age of a heartbeat row the primary updates every 100 ms; not {@code
 * pg_stat_replication}, which is only as fresh as the standby's last report), its max and p99; the
 * bytes not replayed at most (primary's insert position against the standby's replay position); the
 * backfill's (or the UPDATE's) duration; the times the backfill waited; WAL bytes per row ({@code
 * pg_current_wal_insert_lsn()} before and after).
 */
final class ReplicaBench {

  /** Lag samples' interval. */
  private static final long SAMPLE_MILLIS = 100;

  private final long rows;
  private final int rounds;
  private final List<String> variants;

  /**
   * @param variants {@code off}, a bound such as {@code 5s} or {@code 500ms}, {@code update}
   */
  ReplicaBench(long rows, int rounds, List<String> variants) {
    this.rows = rows;
    this.rounds = rounds;
    this.variants = variants;
  }

  /** One run's figures. */
  record Run(
      double seconds,
      double maxLag,
      double p99Lag,
      long maxBytesBehind,
      double walPerRow,
      long waits) {}

  void run(Report report) throws Exception {
    report.section(
        String.format(
            "Replica lag during a backfill (%,d rows, streaming standby on loopback, status interval"
                + " 10 s; %d rotated rounds, medians; lag sampled every %d ms on the standby)",
            rows, rounds, SAMPLE_MILLIS),
        "| variant | duration | max replay lag | p99 replay lag | max bytes not replayed | waits"
            + " | WAL bytes/row | vs one UPDATE's WAL/row |");
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v, new ArrayList<>()));
    try (LoopbackReplica replica =
        LoopbackReplica.start(TestPostgres.DEFAULT_MAJOR, Duration.ofSeconds(10))) {
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < variants.size(); k++) {
          String variant = variants.get((k + round) % variants.size());
          Run run = once(replica, variant);
          System.err.printf("  round %d %s: %s%n", round + 1, variant, run);
          runs.get(variant).add(run);
        }
      }
    }
    double updateWal =
        runs.containsKey("update")
            ? Stats.median(runs.get("update").stream().map(Run::walPerRow).toList())
            : Double.NaN;
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      List<Run> r = e.getValue();
      double wal = Stats.median(r.stream().map(Run::walPerRow).toList());
      report.row(
          String.format(
              "| %s | %.2f s | %.2f s | %.2f s | %,.0f | %.0f | %.0f | %.2f× |",
              label(e.getKey()),
              Stats.median(r.stream().map(Run::seconds).toList()),
              Stats.median(r.stream().map(Run::maxLag).toList()),
              Stats.median(r.stream().map(Run::p99Lag).toList()),
              Stats.median(r.stream().map(x -> (double) x.maxBytesBehind()).toList()),
              Stats.median(r.stream().map(x -> (double) x.waits()).toList()),
              wal,
              wal / updateWal));
    }
    report.note(
        "Rows per variant: "
            + runs.entrySet().stream()
                .map(
                    e ->
                        label(e.getKey())
                            + " "
                            + e.getValue().stream()
                                .map(
                                    r ->
                                        String.format(
                                            "%.1fs/%.2fs/%.0fB",
                                            r.seconds(), r.maxLag(), r.walPerRow()))
                                .toList())
                .toList()
            + " (duration / max lag / WAL per row, each round).");
  }

  private static String label(String variant) {
    return switch (variant) {
      case "off" -> "backfill, bound off";
      case "update" -> "one bulk UPDATE (trigger skipped)";
      default -> "backfill, bound " + variant;
    };
  }

  private Run once(LoopbackReplica replica, String variant) throws Exception {
    TestDatabase database = replica.newDatabase("bench_replica");
    try {
      BenchTable.create(database, rows);
      Straddle straddle = configure(database, variant);
      straddle.expand(Backfill.DEFER);
      try (Connection c = database.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE heartbeat (id int PRIMARY KEY, ts timestamptz NOT NULL);"
                + " INSERT INTO heartbeat VALUES (1, clock_timestamp())");
        s.execute("CHECKPOINT");
      }
      replica.awaitReplayed(Duration.ofMinutes(10));
      Sampler sampler = new Sampler(replica, database);
      Thread thread = new Thread(sampler, "replica-lag-sampler");
      long walBefore = walInsert(database);
      thread.start();
      long start = System.nanoTime();
      long done;
      if (variant.equals("update")) {
        BenchTable.time(
            database,
            SyncFunctionSql.BACKFILL_HEAD,
            "UPDATE items SET label = name, qty_doubled = qty * 2");
        done = rows;
      } else {
        RunResult result = straddle.backfill();
        done = result.rowsBackfilled();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long walAfter = walInsert(database);
      // The lag after the writes ended counts too: sample until the standby has caught up.
      replica.awaitReplayed(Duration.ofMinutes(10));
      sampler.stop();
      thread.join();
      if (done != rows) {
        throw new IllegalStateException("wrote " + done + " rows, expected " + rows);
      }
      List<Double> lags = sampler.lags();
      Collections.sort(lags);
      return new Run(
          seconds,
          lags.isEmpty() ? 0 : lags.get(lags.size() - 1),
          lags.isEmpty() ? 0 : lags.get((int) Math.min(lags.size() - 1, lags.size() * 0.99)),
          sampler.maxBytes(),
          (walAfter - walBefore) / (double) rows,
          waits.get());
    } finally {
      database.drop();
    }
  }

  private final AtomicLong waits = new AtomicLong();

  private Straddle configure(TestDatabase database, String variant) {
    waits.set(0);
    Duration bound =
        switch (variant) {
          case "off", "update" -> Duration.ZERO;
          default -> parse(variant);
        };
    return Straddle.configure(new StraddlePlan())
        .dataSource(database.dataSource())
        .maxReplicaLag(bound)
        .listener(
            new StraddleListener() {
              @Override
              public void waitingForReplicas(
                  int migrationId, String table, String standby, Duration lag, Duration b) {
                waits.incrementAndGet();
              }
            })
        .load();
  }

  private static Duration parse(String bound) {
    if (bound.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(bound.substring(0, bound.length() - 2)));
    }
    if (bound.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(bound.substring(0, bound.length() - 1)));
    }
    throw new IllegalArgumentException("a bound such as 5s or 500ms: " + bound);
  }

  private static long walInsert(TestDatabase database) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Samples the standby's replay lag as a reader of it sees it (pt-heartbeat's way): every {@value
   * #SAMPLE_MILLIS} ms the primary commits the time into a heartbeat row, and the standby's age of
   * that row is the lag (its resolution the interval: a caught-up standby shows up to {@value
   * #SAMPLE_MILLIS} ms); and, against the primary, the bytes not replayed.
   */
  private static final class Sampler implements Runnable {
    private final LoopbackReplica replica;
    private final TestDatabase database;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Double> lags = Collections.synchronizedList(new ArrayList<>());
    private volatile long maxBytes;

    Sampler(LoopbackReplica replica, TestDatabase database) {
      this.replica = replica;
      this.database = database;
    }

    @Override
    public void run() {
      try (Connection standby = replica.connectStandby(database.name());
          Connection primary = database.connect();
          Statement onStandby = standby.createStatement();
          Statement onPrimary = primary.createStatement()) {
        while (running.get()) {
          String insert;
          onPrimary.executeUpdate("UPDATE heartbeat SET ts = clock_timestamp()");
          try (ResultSet rs = onPrimary.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            insert = rs.getString(1);
          }
          try (ResultSet rs =
              onStandby.executeQuery(
                  "SELECT extract(epoch FROM clock_timestamp() - ts), pg_wal_lsn_diff('"
                      + insert
                      + "', pg_last_wal_replay_lsn())::bigint FROM heartbeat")) {
            rs.next();
            lags.add(Math.max(0, rs.getDouble(1)));
            maxBytes = Math.max(maxBytes, rs.getLong(2));
          }
          Thread.sleep(SAMPLE_MILLIS);
        }
      } catch (SQLException | InterruptedException e) {
        throw new IllegalStateException("sampling the standby's lag failed", e);
      }
    }

    void stop() {
      running.set(false);
    }

    List<Double> lags() {
      synchronized (lags) {
        return new ArrayList<>(lags);
      }
    }

    long maxBytes() {
      return maxBytes;
    }
  }
}
