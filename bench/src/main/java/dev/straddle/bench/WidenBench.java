package dev.straddle.bench;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark 8 (issue 15): an in-place {@code integer}→{@code bigint} change of a primary key
 * ({@code @ChangeColumnType}), and of one that a foreign key references, on a table of {@code rows}
 * rows.
 *
 * <p>{@link #waits}: connections update random rows by primary key (for the referenced key: insert
 * a line of a random order and update a random line) on a fixed schedule, as old and new code, from
 * before the expand to after the contract; each write's wait counts from when it was due. Reported
 * per phase: the longest wait and the 99th percentile, against a quiet stretch of the same length
 * before the expand (the machine's noise). {@link #rates}: on fresh tables, side by side and
 * rotated, the backfill of the shadow column (rows phase, from the history) against one plain
 * {@code UPDATE} of all rows filling a plain column, and against {@code ALTER COLUMN ... TYPE
 * bigint} (the rewrite the shadow avoids, which blocks every read and write while it runs).
 */
final class WidenBench {

  private static final String KEY_MIGRATION =
      "package gen;\n"
          + "import dev.straddle.dsl.*;\n"
          + "@ExistingTable(name = \"items_pk\", columns = {\n"
          + "  @Column(name = \"id\", type = \"integer\", notNull = true, primaryKey = true),\n"
          + "  @Column(name = \"qty\", type = \"integer\", notNull = true),\n"
          + "  @Column(name = \"pad\", type = \"text\")})\n"
          + "final class Baseline {}\n"
          + "@Migration(id = 1, description = \"items_pk: bigint key\")\n"
          + "@ChangeColumnType(table = \"items_pk\", column = \"id\", type = \"bigint\")\n"
          + "public final class WidenKey {}\n";

  private static final String REFERENCED_MIGRATION =
      "package gen;\n"
          + "import dev.straddle.dsl.*;\n"
          + "@ExistingTable(name = \"orders\", columns = {\n"
          + "  @Column(name = \"id\", type = \"integer\", notNull = true, primaryKey = true),\n"
          + "  @Column(name = \"customer\", type = \"text\")})\n"
          + "@ExistingTable(name = \"order_lines\", columns = {\n"
          + "  @Column(name = \"id\", type = \"bigint\", notNull = true, primaryKey = true),\n"
          + "  @Column(name = \"order_id\", type = \"integer\", notNull = true),\n"
          + "  @Column(name = \"qty\", type = \"integer\", notNull = true)})\n"
          + "final class Baseline {}\n"
          + "@Migration(id = 1, description = \"orders: bigint key and references\")\n"
          + "@ChangeColumnType(table = \"orders\", column = \"id\", type = \"bigint\")\n"
          + "@ChangeColumnType(table = \"order_lines\", column = \"order_id\", type = \"bigint\")\n"
          + "public final class WidenOrders {}\n";

  /**
   * Pause after each phase before its stretch ends, so that a write held up by the phase's last
   * statement is counted in that phase's stretch.
   */
  private static final long SETTLE_MILLIS = 200;

  private final long rows;
  private final int connections;
  private final int rounds;

  WidenBench(long rows, int connections, int rounds) {
    this.rows = rows;
    this.connections = connections;
    this.rounds = rounds;
  }

  void run(Report report) throws Exception {
    MigrationPlan key = plan("key", KEY_MIGRATION);
    MigrationPlan referenced = plan("referenced", REFERENCED_MIGRATION);
    waits(report, key, referenced);
    rates(report, key);
  }

  /** Compiles {@code source} with the Straddle processor and loads its plan. */
  private static MigrationPlan plan(String name, String source) throws Exception {
    Path dir = Files.createTempDirectory("straddle-widen-" + name);
    Path java = dir.resolve("src/gen/Migration.java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, source);
    // The file is named after its public class.
    int at = source.indexOf("public final class ") + "public final class ".length();
    String type = source.substring(at, source.indexOf(" {}", at));
    Path named = java.resolveSibling(type + ".java");
    Files.move(java, named);
    Path out = dir.resolve("out");
    CompileBench.compile(
        List.of(named), GeneratedMigrations.classpath(), out, CompileBench.Processing.STRADDLE);
    URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, WidenBench.class.getClassLoader());
    return (MigrationPlan)
        loader.loadClass("gen.StraddlePlan").getDeclaredConstructor().newInstance();
  }

  private void waits(Report report, MigrationPlan key, MigrationPlan referenced) throws Exception {
    report.section(
        String.format(
            "In-place integer→bigint under write load (%,d rows; %d connections, half old and"
                + " half new code, each writing every 10 ms; waits counted from when each write"
                + " was due)",
            rows, connections),
        "| case | stretch | lasted | writes | longest wait | p99 wait | failed writes |");
    measureWaits(report, "primary key", key, false);
    measureWaits(report, "primary key + a referencing column", referenced, true);
  }

  private void measureWaits(Report report, String label, MigrationPlan plan, boolean orders)
      throws Exception {
    TestDatabase database = TestPostgres.newDatabase("bench_widen_waits");
    try {
      create(database, orders);
      Straddle straddle = Straddle.configure(plan).dataSource(database.dataSource()).load();
      WriteProbe probe = new WriteProbe(database, connections, rows, orders);
      Thread.sleep(1000); // warm up: connections open, statements prepared
      probe.mark();
      long quietStart = System.nanoTime();
      Thread.sleep(3000);
      long quiet = System.nanoTime() - quietStart;
      List<long[]> stretches = new ArrayList<>();
      stretches.add(probe.mark());
      long start = System.nanoTime();
      straddle.expand(Backfill.DEFER);
      long expand = System.nanoTime() - start;
      Thread.sleep(SETTLE_MILLIS);
      stretches.add(probe.mark());
      start = System.nanoTime();
      straddle.backfill();
      long backfill = System.nanoTime() - start;
      Thread.sleep(SETTLE_MILLIS);
      stretches.add(probe.mark());
      start = System.nanoTime();
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      long contract = System.nanoTime() - start;
      Thread.sleep(SETTLE_MILLIS);
      stretches.add(probe.mark());
      long failed = probe.stop();
      String[] names = {"quiet (no migration)", "expand", "backfill", "contract (swap)"};
      long[] lasted = {quiet, expand, backfill, contract};
      for (int i = 0; i < names.length; i++) {
        long[] w = stretches.get(i);
        Arrays.sort(w);
        report.row(
            String.format(
                "| %s | %s | %.2f s | %,d | %.1f ms | %.1f ms | %s |",
                label,
                names[i],
                lasted[i] / 1e9,
                w.length,
                w.length == 0 ? 0 : w[w.length - 1] / 1e6,
                w.length == 0
                    ? 0
                    : w[(int) Math.min(w.length - 1, Math.ceil(w.length * 0.99))] / 1e6,
                i == names.length - 1 ? Long.toString(failed) : ""));
      }
      long backfilled = number(database, "SELECT backfill_rows FROM straddle.straddle_history");
      long ms = number(database, "SELECT backfill_ms FROM straddle.straddle_history");
      report.row(
          String.format(
              "| %s | backfill rows under this load | %.2f s | %,d rows | %,.0f rows/s | | |",
              label, ms / 1e3, backfilled, backfilled / Math.max(ms / 1e3, 1e-9)));
    } finally {
      database.drop();
    }
  }

  private void rates(Report report, MigrationPlan key) throws Exception {
    report.section(
        String.format(
            "Shadow-column backfill against one UPDATE and against ALTER TYPE (%,d rows, no"
                + " traffic, %d rotated rounds; medians)",
            rows, rounds),
        "| variant | seconds | rows/s | vs one UPDATE |");
    List<Double> shadow = new ArrayList<>();
    List<Double> shadowPhase = new ArrayList<>();
    List<Double> update = new ArrayList<>();
    List<Double> alter = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int v = 0; v < 3; v++) {
        int variant = (v + round) % 3;
        TestDatabase database = TestPostgres.newDatabase("bench_widen_rates");
        try {
          create(database, false);
          if (variant == 0) {
            Straddle straddle = Straddle.configure(key).dataSource(database.dataSource()).load();
            straddle.expand(Backfill.DEFER);
            long start = System.nanoTime();
            straddle.backfill();
            shadowPhase.add((System.nanoTime() - start) / 1e9);
            shadow.add(number(database, "SELECT backfill_ms FROM straddle.straddle_history") / 1e3);
          } else if (variant == 1) {
            BenchTable.time(database, null, "ALTER TABLE items_pk ADD COLUMN id_new bigint");
            update.add(BenchTable.time(database, null, "UPDATE items_pk SET id_new = id"));
          } else {
            alter.add(
                BenchTable.time(
                    database, null, "ALTER TABLE items_pk ALTER COLUMN id TYPE bigint"));
          }
        } finally {
          database.drop();
        }
      }
    }
    double one = Stats.median(update);
    row(
        report,
        "Straddle backfill of the shadow column, rows (batches, from the history)",
        shadow,
        one);
    row(
        report,
        "Straddle backfill phase, wall clock (rows + the shadow's unique index, concurrently)",
        shadowPhase,
        one);
    row(report, "one UPDATE of all rows into a plain bigint column (no trigger)", update, one);
    row(
        report,
        "ALTER COLUMN id TYPE bigint (table rewrite + index rebuild under ACCESS EXCLUSIVE)",
        alter,
        one);
  }

  private void row(Report report, String label, List<Double> seconds, double update) {
    double s = Stats.median(seconds);
    report.row(
        String.format(
            "| %s | %.2f (%.2f–%.2f) | %,.0f | %.2f× |",
            label, s, Stats.min(seconds), Stats.max(seconds), rows / s, update / s));
  }

  private void create(TestDatabase database, boolean orders) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      if (orders) {
        statement.execute("CREATE TABLE orders (id integer PRIMARY KEY, customer text)");
        statement.execute(
            "CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id integer NOT NULL"
                + " REFERENCES orders (id), qty integer NOT NULL)");
        statement.execute(
            "INSERT INTO orders SELECT g, 'customer ' || g FROM generate_series(1, "
                + rows / 2
                + ") g");
        statement.execute(
            "INSERT INTO order_lines SELECT g, (g + 1) / 2, g % 7 FROM generate_series(1, "
                + rows
                + ") g");
        statement.execute("VACUUM (ANALYZE) orders, order_lines");
      } else {
        statement.execute(
            "CREATE TABLE items_pk (id integer PRIMARY KEY, qty integer NOT NULL, pad text)");
        statement.execute(
            "INSERT INTO items_pk SELECT g, g % 1000, repeat('x', 40) FROM generate_series(1, "
                + rows
                + ") g");
        statement.execute("VACUUM (ANALYZE) items_pk");
      }
      statement.execute("CHECKPOINT");
    }
  }

  private static long number(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Writers on a fixed schedule: each connection writes every 10 ms (a random row's update; for the
   * orders, also a new line of a random order), alternately as old code (head 0) and new code (head
   * 1); a write's wait counts from when it was due. {@link #mark} ends a stretch and returns its
   * waits.
   */
  private static final class WriteProbe {
    private static final long INTERVAL_NANOS = 10_000_000L;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> current = new ArrayList<>();
    private long failures;

    WriteProbe(TestDatabase database, int connections, long rows, boolean orders) {
      for (int c = 0; c < connections; c++) {
        int head = c % 2;
        int index = c;
        Thread thread =
            new Thread(
                () -> {
                  try (Connection connection = database.connectAsHead(head);
                      PreparedStatement update =
                          connection.prepareStatement(
                              orders
                                  ? "UPDATE order_lines SET qty = qty + 1 WHERE id = ?"
                                  : "UPDATE items_pk SET qty = qty + 1 WHERE id = ?");
                      PreparedStatement insert =
                          connection.prepareStatement(
                              "INSERT INTO order_lines (id, order_id, qty) VALUES (?, ?, 1)")) {
                    long due = System.nanoTime();
                    long next = rows + 1 + index * 100_000_000L;
                    while (running.get()) {
                      long early = due - System.nanoTime();
                      if (early > 0) {
                        LockSupport.parkNanos(early);
                      }
                      try {
                        update.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
                        update.executeUpdate();
                        if (orders) {
                          insert.setLong(1, next++);
                          insert.setLong(2, 1 + ThreadLocalRandom.current().nextLong(rows / 2));
                          insert.executeUpdate();
                        }
                      } catch (SQLException e) {
                        synchronized (current) {
                          failures++;
                        }
                      }
                      long waited = System.nanoTime() - due;
                      synchronized (current) {
                        current.add(waited);
                      }
                      due += INTERVAL_NANOS;
                    }
                  } catch (SQLException e) {
                    synchronized (current) {
                      failures++;
                    }
                  }
                });
        threads.add(thread);
        thread.start();
      }
    }

    long[] mark() {
      synchronized (current) {
        long[] out = current.stream().mapToLong(Long::longValue).toArray();
        current.clear();
        return out;
      }
    }

    long stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      return failures;
    }
  }
}
