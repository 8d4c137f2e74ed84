package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The partition-parallel backfill (docs/ARCHITECTURE.md, "Partition-parallel backfill"): workers
 * walk the partitions of an 8-partition table at once, each checkpointing its own partition; a run
 * stopped (or its process killed) mid-way claims exactly what committed, partition by partition,
 * and a rerun, with any number of workers, finishes with every row rewritten exactly once (an
 * application trigger counts each row's updates); a failure in one partition stops the others and
 * names migration, phase and that partition's statement.
 */
@ExtendWith(PostgresExtension.class)
class PartitionWorkersTest {

  static final int ROWS = 3_000;
  final TestDatabase db;

  PartitionWorkersTest(TestDatabase db) {
    this.db = db;
  }

  /**
   * {@code t} (a jobs-like table: id, queue, payload, touches) hash-partitioned by {@code id} into
   * {@code t_p0} .. {@code t_p7}, a trigger counting each row's updates in {@code touches}, the
   * fault plan's {@code slow_length} and its second table {@code t_b}.
   */
  private void createTables(String t) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "CREATE TABLE "
                + t
                + " (id bigint PRIMARY KEY, queue text NOT NULL, payload text, touches int NOT NULL"
                + " DEFAULT 0) PARTITION BY HASH (id);\n");
    for (int i = 0; i < 8; i++) {
      sql.append("CREATE TABLE ")
          .append(t)
          .append("_p")
          .append(i)
          .append(" PARTITION OF ")
          .append(t)
          .append(" FOR VALUES WITH (MODULUS 8, REMAINDER ")
          .append(i)
          .append(");\n");
    }
    sql.append("INSERT INTO ")
        .append(t)
        .append(" (id, queue, payload) SELECT g, 'q' || (g % 7), 'p' || g FROM generate_series(1, ")
        .append(ROWS)
        .append(") g;\n")
        .append(
            "CREATE OR REPLACE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;\n")
        .append("CREATE TRIGGER zz_count BEFORE UPDATE ON ")
        .append(t)
        .append(" FOR EACH ROW EXECUTE FUNCTION count_touches();\n")
        // About 1 ms a row: a 100-row batch takes ~0.1 s, long enough to kill mid-backfill.
        .append(
            "CREATE OR REPLACE FUNCTION slow_length(q text) RETURNS int LANGUAGE plpgsql AS $$"
                + " BEGIN PERFORM pg_sleep(0.001); RETURN length(q); END $$;\n")
        .append(TestPlans.jobsTable(t + "_b", 200))
        .append(";\nANALYZE ")
        .append(t);
    db.execute(sql.toString());
  }

  private Straddle straddle(MigrationPlan plan, String schema, int workers, StraddleListener l) {
    FluentConfiguration configuration =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema(schema)
            .batchRows(100, 100)
            .backfillWorkers(workers)
            .lockTimeout(Duration.ofSeconds(5));
    if (l != null) {
      configuration.listener(l);
    }
    return configuration.load();
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  private String string(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  /**
   * Stops the backfill (a listener that throws) after its {@code n}-th batch, on any thread; with
   * {@code together} above 1, the first batch of each thread waits until that many threads have
   * done one (so that many workers ran at once; no timing).
   */
  static final class StopAfter implements StraddleListener {
    final int n;
    final AtomicInteger batches = new AtomicInteger();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final CountDownLatch together;

    StopAfter(int n) {
      this(n, 1);
    }

    StopAfter(int n, int together) {
      this.n = n;
      this.together = new CountDownLatch(together);
    }

    @Override
    public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
      if (threads.add(Thread.currentThread().getName())) {
        together.countDown();
        try {
          if (!together.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no second worker did a batch");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (batches.incrementAndGet() == n) {
        throw new IllegalStateException("stopped after batch " + n + " (test)");
      }
    }
  }

  /**
   * The history claims exactly what was done: its row count is the rows filled, each filled once,
   * and in every partition the rows filled are exactly those up to that partition's cursor (all of
   * them when it is done; none when the cursor does not name it). Returns the rows claimed.
   */
  private long assertTruthful(String t, String h, int id) throws SQLException {
    long claimed = query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = " + id);
    assertEquals(claimed, query("SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    assertEquals(claimed, query("SELECT count(*) FROM " + t + " WHERE touches = 1"));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches > 1"));
    List<String[]> entries = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT p.key, p.value->'after'->>0, p.value->>'done' FROM "
                    + h
                    + ".straddle_history, jsonb_each(backfill_cursor->'partitions') p WHERE id = "
                    + id)) {
      while (rs.next()) {
        entries.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    long named = 0;
    for (String[] entry : entries) {
      String partition = entry[0];
      long filled = query("SELECT count(*) FROM " + partition + " WHERE qlen IS NOT NULL");
      if (Boolean.parseBoolean(entry[2])) {
        assertEquals(query("SELECT count(*) FROM " + partition), filled, partition);
      } else {
        String upTo = entry[1] == null ? "0" : entry[1];
        assertEquals(
            query("SELECT count(*) FROM " + partition + " WHERE id <= " + upTo), filled, partition);
      }
      named += filled;
    }
    assertEquals(claimed, named, "rows filled in partitions the cursor does not name");
    return claimed;
  }

  private void assertAllDoneOnce(String t, String h, int id) throws SQLException {
    assertEquals(
        "backfilled", string("SELECT phase FROM " + h + ".straddle_history WHERE id = " + id));
    assertEquals(
        ROWS, query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = " + id));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
    assertEquals(
        0, query("SELECT count(*) FROM " + t + " WHERE qlen IS DISTINCT FROM length(queue)"));
  }

  private long workerSessions() throws SQLException {
    return query(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND application_name = 'straddle backfill worker'");
  }

  @Test
  void workersStoppedMidWayClaimWhatCommittedAndAnyNumberOfWorkersFinishes() throws Exception {
    String t = "pw_stop";
    String h = "hist_pw_stop";
    createTables(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, 1, null).expand(Backfill.DEFER);

    StopAfter first = new StopAfter(9, 2);
    assertThrows(IllegalStateException.class, () -> straddle(plan, h, 3, first).backfill());
    assertTrue(first.threads.size() > 1, "batches ran on several workers: " + first.threads);
    assertTrue(first.threads.stream().allMatch(n -> n.startsWith("straddle-backfill-")));
    assertEquals(0, workerSessions(), "the workers' connections are closed");
    assertEquals(
        "false",
        string("SELECT backfill_cursor->>'done' FROM " + h + ".straddle_history WHERE id = 80"));
    long claimed = assertTruthful(t, h, 80);
    assertTrue(claimed > 0 && claimed < ROWS, "claimed " + claimed);

    // Resumed by two workers, stopped again; then by one (on the run's own connection).
    assertThrows(
        IllegalStateException.class, () -> straddle(plan, h, 2, new StopAfter(5)).backfill());
    long again = assertTruthful(t, h, 80);
    assertTrue(again > claimed, "claimed " + again + " after " + claimed);
    StopAfter last = new StopAfter(Integer.MAX_VALUE);
    RunResult rerun = straddle(plan, h, 1, last).backfill();
    assertEquals(ROWS - again, rerun.rowsBackfilled());
    assertEquals(Set.of(Thread.currentThread().getName()), last.threads);
    assertAllDoneOnce(t, h, 80);
    assertEquals(
        8,
        query(
            "SELECT count(*) FROM "
                + h
                + ".straddle_history, jsonb_each(backfill_cursor->'partitions') p"
                + " WHERE (p.value->>'done')::boolean"));
  }

  @Test
  void aStreamsCursorIsResumedByWorkers() throws Exception {
    String t = "pw_convert";
    String h = "hist_pw_convert";
    createTables(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, 1, null).expand(Backfill.DEFER);

    // One stream: the partitions one after the other, the cursor naming the one in progress.
    assertThrows(
        IllegalStateException.class, () -> straddle(plan, h, 1, new StopAfter(10)).backfill());
    assertEquals(
        0,
        query(
            "SELECT count(*) FROM "
                + h
                + ".straddle_history WHERE backfill_cursor->'partitions' IS NOT NULL"));
    assertTrue(
        string("SELECT backfill_cursor->>'partition' FROM " + h + ".straddle_history")
            .startsWith("\"public\".\"pw_convert_p"));
    long claimed = query("SELECT backfill_rows FROM " + h + ".straddle_history");
    assertTrue(claimed > 0 && claimed < ROWS, "claimed " + claimed);

    RunResult rerun = straddle(plan, h, 4, null).backfill();
    assertEquals(ROWS - claimed, rerun.rowsBackfilled());
    assertAllDoneOnce(t, h, 80);
  }

  @Test
  void aFailureInOnePartitionStopsTheOthersAndNamesItsStatement() throws Exception {
    String t = "pw_fail";
    String h = "hist_pw_fail";
    createTables(t);
    // Partition p5 refuses the backfill of its rows above id 1600: its worker fails mid-way.
    db.execute(
        "CREATE FUNCTION refuse_late() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.qlen IS NOT NULL AND NEW.id > 1600 THEN"
            + " RAISE EXCEPTION 'row % refused (test)', NEW.id; END IF; RETURN NEW; END $$;\n"
            + "CREATE TRIGGER refuse BEFORE UPDATE ON "
            + t
            + "_p5 FOR EACH ROW EXECUTE FUNCTION refuse_late()");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, 1, null).expand(Backfill.DEFER);

    StraddleException failure =
        assertThrows(StraddleException.class, () -> straddle(plan, h, 4, null).backfill());
    assertEquals(ErrorCode.STATEMENT_FAILED, failure.code());
    assertEquals(1, failure.exitCode());
    assertEquals(80, failure.migrationId());
    assertEquals(Transition.BACKFILL, failure.phase());
    assertTrue(failure.statement().contains("pw_fail_p5"), failure.statement());
    assertTrue(failure.getMessage().contains("refused (test)"), failure.getMessage());
    assertEquals(0, workerSessions(), "the other workers stopped and closed their connections");
    long claimed = assertTruthful(t, h, 80);
    assertTrue(claimed < ROWS, "claimed " + claimed);
    assertEquals("expanded", string("SELECT phase FROM " + h + ".straddle_history WHERE id = 80"));

    db.execute("DROP TRIGGER refuse ON " + t + "_p5");
    RunResult rerun = straddle(plan, h, 4, null).backfill();
    assertEquals(ROWS - claimed, rerun.rowsBackfilled());
    assertAllDoneOnce(t, h, 80);
  }

  @Test
  void theRunLocksSessionEndingStopsEveryWorkerAsALostRunLock() throws Exception {
    String t = "pw_lock";
    String h = "hist_pw_lock";
    createTables(t);
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(80, t, "qlen", "integer", "length(queue)"));
    straddle(plan, h, 1, null).expand(Backfill.DEFER);
    AtomicInteger batches = new AtomicInteger();
    StraddleListener killer =
        new StraddleListener() {
          @Override
          public void batchDone(int migrationId, String table, long batchRows, long rowsDone) {
            if (batches.incrementAndGet() == 3) {
              try {
                // The session that holds the run lock ends (a proxy, an idle timeout, a DBA).
                db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database()"
                        + " AND application_name = 'straddle runner'");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };
    StraddleException lost =
        assertThrows(StraddleException.class, () -> straddle(plan, h, 3, killer).backfill());
    assertEquals(ErrorCode.RUN_LOCK_LOST, lost.code(), lost.getMessage());
    assertEquals(80, lost.migrationId());
    assertEquals(Transition.BACKFILL, lost.phase());
    assertEquals(0, workerSessions());
    long claimed = assertTruthful(t, h, 80);
    assertTrue(claimed < ROWS, "claimed " + claimed);

    RunResult rerun = straddle(plan, h, 3, null).backfill();
    assertEquals(ROWS - claimed, rerun.rowsBackfilled());
    assertAllDoneOnce(t, h, 80);
  }

  // --- The runner's process killed mid-way (as KilledRunnerProcessTest) ---

  private List<String> cli(String schema, String command, String... more) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--schema", schema));
    if (!db.password().isEmpty()) {
      args.addAll(List.of("--password", db.password()));
    }
    args.addAll(List.of(more));
    return args;
  }

  private Process start(String table, List<String> cliArgs, File log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FaultRunnerMain.class.getName());
    command.add(table);
    command.addAll(cliArgs);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  @FunctionalInterface
  interface Condition {
    boolean holds() throws SQLException;
  }

  private void await(String what, Process process, File log, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (SQLException e) {
        // the history table may not exist yet
      }
      if (process != null && !process.isAlive()) {
        throw new AssertionError(
            "runner exited (" + process.exitValue() + ") before " + what + ":\n" + read(log));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("timed out waiting for " + what + ":\n" + read(log));
  }

  private static String read(File log) throws Exception {
    return log == null ? "" : Files.readString(log.toPath());
  }

  @Test
  void killedDuringAParallelBackfillResumesEveryPartitionAndTouchesEveryRowOnce() throws Exception {
    String t = "pw_kill";
    String h = "hist_pw_kill";
    createTables(t);
    File log = File.createTempFile("straddle-pw-kill", ".log");
    log.deleteOnExit();
    Process runner =
        start(
            t,
            cli(h, "expand", "--backfill-workers", "4", "--batch-min", "100", "--batch-max", "100"),
            log);
    await(
        "some batches of migration 70 on several workers",
        runner,
        log,
        () ->
            query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = 70") >= 800
                && workerSessions() > 1);
    runner.destroyForcibly();
    assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
    await(
        "the killed runner's sessions to end",
        null,
        null,
        () ->
            query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name IN ('straddle runner', 'straddle backfill"
                        + " worker')")
                == 0);

    long claimed = assertTruthful(t, h, 70);
    assertTrue(claimed >= 800 && claimed < ROWS, "claimed " + claimed);
    assertEquals("expanded", string("SELECT phase FROM " + h + ".straddle_history WHERE id = 70"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        dev.straddle.runtime.cli.StraddleCli.run(
            FaultRunnerMain.plan(t),
            cli(h, "backfill", "--backfill-workers", "4").toArray(String[]::new),
            out,
            out,
            Map.of());
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, output);
    assertTrue(output.contains("rows_backfilled=" + (ROWS - claimed + 200)), output);
    assertAllDoneOnce(t, h, 70);
    assertEquals(0, query("SELECT count(*) FROM " + t + "_b WHERE body IS DISTINCT FROM payload"));
  }
}
