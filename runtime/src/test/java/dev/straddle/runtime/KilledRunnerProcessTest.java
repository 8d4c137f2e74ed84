package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner as a separate JVM ({@link FaultRunnerMain}), killed with {@code destroyForcibly()}
 * (SIGKILL: no shutdown hook, no rollback sent, sockets just close) during expand, backfill and
 * contract and rollback. At every point the history claims no more than happened; a rerun
 * completes; every row is backfilled exactly once (an application trigger counts updates per row).
 */
@ExtendWith(PostgresExtension.class)
class KilledRunnerProcessTest {

  static final int ROWS = 3000;
  final TestDatabase db;

  KilledRunnerProcessTest(TestDatabase db) {
    this.db = db;
  }

  /** Table {@code t} with an update-counting trigger, table {@code t_b}, and slow_length(). */
  private void createTables(String t) throws SQLException {
    db.execute(
        TestPlans.jobsTable(t, ROWS)
            + ";\n"
            + "CREATE OR REPLACE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;\n"
            + "CREATE TRIGGER zz_count BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION count_touches();\n"
            // About 1 ms a row: a 100-row batch takes ~0.1 s, long enough to kill mid-backfill.
            + "CREATE OR REPLACE FUNCTION slow_length(q text) RETURNS int LANGUAGE plpgsql AS $$"
            + " BEGIN PERFORM pg_sleep(0.001); RETURN length(q); END $$;\n"
            + TestPlans.jobsTable(t + "_b", 200));
  }

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

  private Process start(String table, List<String> cliArgs, File log) throws IOException {
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

  /** Runs the CLI in this JVM; returns {exit code, stdout + stderr}. */
  private Object[] runInProcess(String table, List<String> cliArgs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        StraddleCli.run(
            FaultRunnerMain.plan(table), cliArgs.toArray(String[]::new), out, out, Map.of());
    return new Object[] {code, bytes.toString(StandardCharsets.UTF_8)};
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

  private static String read(File log) throws IOException {
    return log == null ? "" : Files.readString(log.toPath());
  }

  /** SIGKILL, then wait until the server has ended the runner's sessions. */
  private void kill(Process process) throws Exception {
    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    await(
        "the killed runner's sessions to end",
        null,
        null,
        () ->
            query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name IN ('straddle runner', 'straddle lock')")
                == 0);
  }

  private long query(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, sql);
    }
  }

  private String queryText(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return text(c, sql);
    }
  }

  /** Whether the runner's work connection is waiting for a lock right now. */
  private boolean runnerWaitsForLock() throws SQLException {
    return query(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE NOT l.granted AND a.application_name = 'straddle runner'"
                + " AND a.datname = current_database()")
        > 0;
  }

  private boolean columnExists(String table, String column) throws SQLException {
    return query(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                + table
                + "' AND column_name = '"
                + column
                + "'")
        > 0;
  }

  /** A transaction of the application holding ACCESS SHARE on {@code table} until closed. */
  private Connection holdAccessShare(String table) throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT count(*) FROM " + table);
    }
    return c;
  }

  private File log(String name) throws IOException {
    File log = File.createTempFile("straddle-" + name, ".log");
    log.deleteOnExit();
    return log;
  }

  @Test
  void killedDuringExpandLeavesOnlyWhatCommittedAndARerunCompletes() throws Exception {
    String t = "kill_expand";
    String h = "hist_kill_expand";
    createTables(t);
    File log = log("expand");
    Process runner;
    try (Connection app = holdAccessShare(t + "_b")) {
      // Migration 70 (on t) expands; 71's ALTER on t_b waits behind the application's lock,
      // retried under a short lock_timeout until the kill.
      runner = start(t, cli(h, "expand", "--lock-timeout", "1s", "--retry-budget", "5m"), log);
      await(
          "migration 70 expanded and 71 waiting for its lock",
          runner,
          log,
          () ->
              query("SELECT count(*) FROM " + h + ".straddle_history WHERE id = 70") == 1
                  && runnerWaitsForLock());
      kill(runner);
      app.rollback();
    }
    assertEquals(
        "expanded", queryText("SELECT phase FROM " + h + ".straddle_history WHERE id = 70"));
    assertEquals(0, query("SELECT count(*) FROM " + h + ".straddle_history WHERE id <> 70"));
    assertEquals(0, query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = 70"));
    assertTrue(columnExists(t, "qlen"));
    assertFalse(columnExists(t + "_b", "body"), "71's expand was rolled back");
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 0"));

    Object[] rerun = runInProcess(t, cli(h, "expand"));
    assertEquals(0, rerun[0], (String) rerun[1]);
    assertTrue(((String) rerun[1]).contains("step migration=71 phase=expanded"), (String) rerun[1]);
    assertAllDoneOnce(t, h);
  }

  @Test
  void killedDuringBackfillResumesFromItsCursorAndTouchesEveryRowOnce() throws Exception {
    String t = "kill_backfill";
    String h = "hist_kill_backfill";
    createTables(t);
    File log = log("backfill");
    Process runner = start(t, cli(h, "expand", "--batch-min", "100", "--batch-max", "100"), log);
    List<String> observed = new ArrayList<>();
    await(
        "some batches of migration 70",
        runner,
        log,
        () -> {
          // One statement, one snapshot: the history's claim and the rows done, seen together.
          String seen =
              queryText(
                  "SELECT backfill_rows || ' ' || (SELECT count(*) FROM "
                      + t
                      + " WHERE qlen IS NOT NULL) || ' ' || (SELECT count(*) FROM "
                      + t
                      + " WHERE touches > 0) FROM "
                      + h
                      + ".straddle_history WHERE id = 70");
          if (seen == null) {
            return false;
          }
          String[] parts = seen.split(" ");
          if (!parts[0].equals(parts[1]) || !parts[1].equals(parts[2])) {
            observed.add(seen);
          }
          return Long.parseLong(parts[0]) >= 500;
        });
    assertEquals(List.of(), observed, "the history claimed other than what was done");
    kill(runner);

    // Truthful: the rows the history claims are exactly the rows done, up to the cursor.
    long claimed = query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = 70");
    assertTrue(claimed >= 500 && claimed < ROWS, "claimed " + claimed);
    assertEquals(0, claimed % 100, "whole batches only");
    assertEquals(
        "expanded", queryText("SELECT phase FROM " + h + ".straddle_history WHERE id = 70"));
    assertEquals(claimed, query("SELECT count(*) FROM " + t + " WHERE qlen IS NOT NULL"));
    assertEquals(claimed, query("SELECT count(*) FROM " + t + " WHERE touches = 1"));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches > 1"));
    assertEquals(
        claimed,
        query(
            "SELECT (backfill_cursor->'after'->>0)::bigint FROM "
                + h
                + ".straddle_history WHERE id = 70"));
    assertEquals(
        claimed, query("SELECT coalesce(max(id), 0) FROM " + t + " WHERE qlen IS NOT NULL"));

    Object[] rerun = runInProcess(t, cli(h, "backfill"));
    assertEquals(0, rerun[0], (String) rerun[1]);
    assertTrue(
        ((String) rerun[1]).contains("rows_backfilled=" + (ROWS - claimed + 200)),
        (String) rerun[1]);
    assertAllDoneOnce(t, h);
    assertEquals(ROWS, query("SELECT backfill_rows FROM " + h + ".straddle_history WHERE id = 70"));
  }

  @Test
  void killedDuringContractLeavesItBackfilledAndARerunContracts() throws Exception {
    String t = "kill_contract";
    String h = "hist_kill_contract";
    createTables(t);
    Object[] expand = runInProcess(t, cli(h, "expand", "--batch-max", "5000"));
    assertEquals(0, expand[0], (String) expand[1]);
    assertAllDoneOnce(t, h);

    File log = log("contract");
    try (Connection app = holdAccessShare(t)) {
      // Contract of 70 first validates its CHECK outside a transaction (not blocked by ACCESS
      // SHARE), then its transaction waits for ACCESS EXCLUSIVE: killed mid-phase.
      Process runner =
          start(t, cli(h, "contract", "--previous-release-gone", "--lock-timeout", "1s"), log);
      await(
          "contract of 70 waiting for its lock after VALIDATE",
          runner,
          log,
          () ->
              "true"
                      .equals(
                          queryText(
                              "SELECT convalidated::text FROM pg_constraint WHERE conname = '"
                                  + t
                                  + "_qlen_not_null'"))
                  && runnerWaitsForLock());
      kill(runner);
      app.rollback();
    }
    assertEquals(
        2, query("SELECT count(*) FROM " + h + ".straddle_history WHERE phase = 'backfilled'"));
    assertNull(
        queryText("SELECT contracted_at::text FROM " + h + ".straddle_history WHERE id = 70"));
    assertEquals(
        "YES",
        queryText(
            "SELECT is_nullable FROM information_schema.columns WHERE table_name = '"
                + t
                + "' AND column_name = 'qlen'"));
    assertEquals(
        1,
        query(
            "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"
                + " AND tgrelid = '"
                + t
                + "'::regclass"));
    assertTrue(columnExists(t + "_b", "payload"));

    Object[] rerun = runInProcess(t, cli(h, "contract", "--previous-release-gone"));
    assertEquals(0, rerun[0], (String) rerun[1]);
    assertEquals(
        2, query("SELECT count(*) FROM " + h + ".straddle_history WHERE phase = 'contracted'"));
    assertEquals(
        "NO",
        queryText(
            "SELECT is_nullable FROM information_schema.columns WHERE table_name = '"
                + t
                + "' AND column_name = 'qlen'"));
    assertFalse(columnExists(t + "_b", "payload"));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
  }

  @Test
  void killedDuringRollbackLeavesWhatCommittedAndARerunFinishesThenDoesNothing() throws Exception {
    String t = "kill_rollback";
    String h = "hist_kill_rollback";
    createTables(t);
    Object[] expand = runInProcess(t, cli(h, "expand", "--batch-max", "5000"));
    assertEquals(0, expand[0], (String) expand[1]);

    File log = log("rollback");
    try (Connection app = holdAccessShare(t)) {
      // 71 (on t_b) is rolled back; 70's transaction then waits for ACCESS EXCLUSIVE on t,
      // retried under a short lock_timeout until the kill.
      Process runner =
          start(
              t,
              cli(h, "rollback", "--to", "0", "--lock-timeout", "1s", "--retry-budget", "5m"),
              log);
      await(
          "71 rolled back and 70 waiting for its lock",
          runner,
          log,
          () ->
              "rolled_back"
                      .equals(
                          queryText("SELECT phase FROM " + h + ".straddle_history WHERE id = 71"))
                  && runnerWaitsForLock());
      kill(runner);
      app.rollback();
    }
    assertEquals(
        "backfilled", queryText("SELECT phase FROM " + h + ".straddle_history WHERE id = 70"));
    assertTrue(columnExists(t, "qlen"), "70's rollback was rolled back");
    assertEquals(
        1,
        query(
            "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
                + t
                + "'::regclass"));
    assertFalse(columnExists(t + "_b", "body"));
    assertEquals(
        0,
        query(
            "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
                + t
                + "_b'::regclass"));

    Object[] rerun = runInProcess(t, cli(h, "rollback", "--to", "0"));
    assertEquals(0, rerun[0], (String) rerun[1]);
    assertTrue(
        ((String) rerun[1]).contains("step migration=70 phase=rolled-back"), (String) rerun[1]);
    assertFalse(((String) rerun[1]).contains("migration=71"), (String) rerun[1]);
    assertFalse(columnExists(t, "qlen"));
    assertEquals(
        0,
        query(
            "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgrelid = '"
                + t
                + "'::regclass"));
    assertEquals(
        2, query("SELECT count(*) FROM " + h + ".straddle_history WHERE phase = 'rolled_back'"));

    Object[] again = runInProcess(t, cli(h, "rollback", "--to", "0"));
    assertEquals(0, again[0], (String) again[1]);
    assertTrue(((String) again[1]).contains("ok command=rollback steps=0"), (String) again[1]);
    // Both pending again: the next expand applies them anew.
    Object[] reapplied = runInProcess(t, cli(h, "expand", "--batch-max", "5000"));
    assertEquals(0, reapplied[0], (String) reapplied[1]);
    assertEquals(
        2, query("SELECT count(*) FROM " + h + ".straddle_history WHERE phase = 'backfilled'"));
  }

  private void assertAllDoneOnce(String t, String h) throws SQLException {
    assertEquals(
        2, query("SELECT count(*) FROM " + h + ".straddle_history WHERE phase = 'backfilled'"));
    assertEquals(0, query("SELECT count(*) FROM " + t + " WHERE touches <> 1"));
    assertEquals(
        0, query("SELECT count(*) FROM " + t + " WHERE qlen IS DISTINCT FROM length(queue)"));
    assertEquals(0, query("SELECT count(*) FROM " + t + "_b WHERE body IS DISTINCT FROM payload"));
  }
}
