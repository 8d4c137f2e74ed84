package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input to the runner through its command line: each case exits with the documented code, says
 * what is wrong on stderr ({@code error kind=...} first), prints nothing on stdout, and changes
 * nothing (catalog and history compared before and after).
 */
@ExtendWith(PostgresExtension.class)
class CliBadInputTest {

  static final String T = "cli_jobs";
  final TestDatabase db;

  CliBadInputTest(TestDatabase db) {
    this.db = db;
  }

  static MigrationPlan older() {
    return TestPlans.plan(TestPlans.addNotNull(90, T, "qlen", "integer", "length(queue)"));
  }

  static MigrationPlan newer() {
    return TestPlans.plan(
        TestPlans.addNotNull(90, T, "qlen", "integer", "length(queue)"),
        TestPlans.rename(91, T, "payload", "body", "text"));
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS "
            + T
            + "; DROP SCHEMA IF EXISTS straddle CASCADE; DROP SCHEMA IF EXISTS hist_cli CASCADE;\n"
            + TestPlans.jobsTable(T, 300));
  }

  private CliRun cli(MigrationPlan plan, String... args) {
    return CliRun.run(plan, Map.of(), args);
  }

  /** Everything a run could change: schemas, columns, constraints, triggers, functions, history. */
  private String snapshot() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT nspname FROM pg_namespace ORDER BY 1",
              "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type"
                  + " || ' ' || is_nullable FROM information_schema.columns"
                  + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
              "SELECT conrelid::regclass || ' ' || conname || ' ' || convalidated FROM pg_constraint"
                  + " WHERE connamespace NOT IN ('pg_catalog'::regnamespace) ORDER BY 1",
              "SELECT tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                  + " ORDER BY 1",
              "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
              "SELECT string_agg(id || ':' || phase || ':' || backfill_rows, ',' ORDER BY id)"
                  + " FROM straddle.straddle_history"
                  + " WHERE to_regclass('straddle.straddle_history') IS NOT NULL",
              "SELECT sum(hashtext(t::text)) FROM " + T + " t")) {
        if (sql.contains("straddle.straddle_history")
            && !exists(c, "SELECT to_regclass('straddle.straddle_history') IS NOT NULL")) {
          lines.add("no history");
          continue;
        }
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            lines.add(rs.getString(1));
          }
        }
      }
    }
    return String.join("\n", lines);
  }

  private static boolean exists(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private void assertRejected(CliRun o, int code, String kind, String... mentions) {
    String all = "exit " + o.code() + "\nstdout:\n" + o.out() + "\nstderr:\n" + o.err();
    assertEquals(code, o.code(), all);
    assertEquals("", o.out(), all);
    assertTrue(o.err().startsWith("error kind=" + kind), all);
    for (String mention : mentions) {
      assertTrue(o.err().contains(mention), "stderr should mention '" + mention + "'\n" + all);
    }
  }

  @Test
  void unknownCommandIsAUsageError() throws Exception {
    String before = snapshot();
    CliRun o = cli(newer(), "upgrade", "--url", db.jdbcUrl(), "--user", db.user());
    assertRejected(o, StraddleCli.USAGE, "usage", "unknown command 'upgrade'", "usage: ");
    assertEquals(before, snapshot());
  }

  @Test
  void unknownOptionAndMissingUrlAreUsageErrors() throws Exception {
    String before = snapshot();
    assertRejected(
        cli(newer(), "expand", "--url", db.jdbcUrl(), "--frobnicate"), StraddleCli.USAGE, "usage");
    assertRejected(cli(newer(), "expand"), StraddleCli.USAGE, "usage", "--url");
    assertEquals(before, snapshot());
  }

  @Test
  void urlThatIsNotAPostgresJdbcUrlIsAUsageError() throws Exception {
    String before = snapshot();
    for (String url :
        List.of(
            "postgres://localhost/db", "jdbc:postgresql://localhost:notaport/db", "localhost")) {
      CliRun o = cli(newer(), "expand", "--url", url);
      assertRejected(o, StraddleCli.USAGE, "usage");
    }
    assertEquals(before, snapshot());
  }

  @Test
  void unreachableServerFailsNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://localhost:" + closedPort + "/straddle?connectTimeout=5";
    for (String command : List.of("expand", "status")) {
      CliRun o = cli(newer(), command, "--url", url);
      assertRejected(
          o, StraddleCli.FAILED, "failed", "localhost:" + closedPort, " id=StraddleDatabaseError");
    }
  }

  @Test
  void roleThatMayNotLogInFails() throws Exception {
    // The embedded server trusts local connections, so a wrong password is not refused there; a
    // role without LOGIN fails at the same step (authentication, SQLSTATE 28000 vs 28P01).
    db.execute("DROP ROLE IF EXISTS cli_nologin; CREATE ROLE cli_nologin NOLOGIN PASSWORD 'right'");
    String before = snapshot();
    CliRun o =
        cli(
            newer(),
            "expand",
            "--url",
            db.jdbcUrl(),
            "--user",
            "cli_nologin",
            "--password",
            "wrong");
    assertRejected(o, StraddleCli.FAILED, "failed", "cli_nologin");
    assertEquals(before, snapshot());
  }

  @Test
  void roleWithoutCreateRightsFailsAndChangesNothing() throws Exception {
    if (!rolePresent("cli_reader")) {
      db.execute("CREATE ROLE cli_reader LOGIN PASSWORD 'pw'");
    }
    // The application's role: it may read and write the table, but not create anything.
    db.execute(
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT SELECT, INSERT, UPDATE, DELETE ON "
            + T
            + " TO cli_reader");
    String before = snapshot();
    CliRun o =
        cli(newer(), "expand", "--url", db.jdbcUrl(), "--user", "cli_reader", "--password", "pw");
    assertRejected(o, StraddleCli.FAILED, "failed", "permission denied");
    assertEquals(before, snapshot());
  }

  private boolean rolePresent(String role) throws SQLException {
    try (Connection c = db.connect()) {
      return exists(c, "SELECT count(*) > 0 FROM pg_roles WHERE rolname = '" + role + "'");
    }
  }

  @Test
  void planOlderThanTheDatabaseIsRefusedAndChangesNothing() throws Exception {
    CliRun applied = cli(newer(), "expand", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(0, applied.code(), applied.err());
    CliRun contracted =
        cli(
            newer(),
            "contract",
            "--previous-release-gone",
            "--url",
            db.jdbcUrl(),
            "--user",
            db.user());
    assertEquals(0, contracted.code(), contracted.err());
    String before = snapshot();
    assertTrue(before.contains("90:contracted:300,91:contracted:"), before);
    for (String command : List.of("expand", "backfill", "migrate")) {
      CliRun o = cli(older(), command, "--url", db.jdbcUrl(), "--user", db.user());
      assertRejected(
          o,
          StraddleCli.REFUSED,
          "refused",
          "migration 91",
          " id=StraddleHistoryMismatch\n",
          "[StraddleUnknownMigration] migration 91",
          "contracted in the database but unknown to this build (head 90)",
          "a newer build went further");
    }
    CliRun contract =
        cli(
            older(),
            "contract",
            "--previous-release-gone",
            "--url",
            db.jdbcUrl(),
            "--user",
            db.user());
    assertRejected(contract, StraddleCli.REFUSED, "refused", "migration 91");
    assertEquals(before, snapshot());
    // status reports it (exit 3, on stdout) without changing anything either.
    CliRun status = cli(older(), "status", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.REFUSED, status.code(), status.err());
    assertTrue(status.out().contains("migration id=91 phase=contracted known=false"), status.out());
    assertEquals(before, snapshot());
  }

  /**
   * An application rolled back to an older build: the newer build's migration is only backfilled,
   * so the database is still inside the older build's window. Its deploy commands do nothing and
   * succeed (they were refused, exit 3, which left a rolled-back release unable to run its deploy
   * job); its status shows the newer migration without a problem.
   */
  @Test
  void planOlderThanTheDatabaseButInsideItsWindowRunsAndChangesNothing() throws Exception {
    CliRun applied = cli(newer(), "expand", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(0, applied.code(), applied.err());
    String before = snapshot();
    assertTrue(before.contains("90:backfilled:300,91:backfilled:"), before);
    for (String command : List.of("expand", "backfill", "migrate")) {
      CliRun o = cli(older(), command, "--url", db.jdbcUrl(), "--user", db.user());
      assertEquals(StraddleCli.OK, o.code(), command + ": " + o.err());
    }
    assertEquals(before, snapshot());
    CliRun status = cli(older(), "status", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.OK, status.code(), status.out() + status.err());
    assertTrue(status.out().contains("migration id=91 phase=backfilled known=false"), status.out());
  }

  /** Issue 12, point 8: a contract that stops before an unbackfilled migration says so (exit 4). */
  @Test
  void contractStoppingBeforeAnUnbackfilledMigrationExits4() throws Exception {
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.dropWithDown(90, T, "touches", "0"),
            TestPlans.addNotNull(91, T, "qlen", "integer", "length(queue)"));
    CliRun expand =
        cli(plan, "expand", "--no-backfill", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.OK, expand.code(), expand.err());
    CliRun o =
        cli(
            plan,
            "contract",
            "--previous-release-gone",
            "--url",
            db.jdbcUrl(),
            "--user",
            db.user());
    String all = "exit " + o.code() + "\nstdout:\n" + o.out() + "\nstderr:\n" + o.err();
    assertEquals(StraddleCli.STOPPED, o.code(), all);
    assertTrue(o.out().contains("step migration=90 phase=contracted"), all);
    assertTrue(o.out().contains("stopped_before=91"), all);
    assertTrue(o.err().contains("stopped before migration 91: not backfilled"), all);
    assertTrue(snapshot().contains("90:contracted:0,91:expanded:0"), snapshot());
  }

  /** Issue 12, point 8: a corrupt cursor names the migration and the field; nothing is run. */
  @Test
  void corruptBackfillCursorIsRefusedNamingMigrationAndField() throws Exception {
    CliRun expand =
        cli(older(), "expand", "--no-backfill", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.OK, expand.code(), expand.err());
    db.execute(
        "UPDATE straddle.straddle_history SET backfill_cursor ="
            + " '{\"table\": \"cli_jobs\", \"done\": false, \"after\": [\"abc\"]}'");
    String before = snapshot();
    for (String command : List.of("backfill", "migrate", "expand")) {
      CliRun o = cli(older(), command, "--url", db.jdbcUrl(), "--user", db.user());
      assertRejected(
          o,
          StraddleCli.REFUSED,
          "refused migration=90 phase=backfill",
          "migration 90",
          "backfill_cursor.after[0] = 'abc' is not a bigint",
          "SET backfill_cursor = NULL WHERE id = 90");
      assertEquals(before, snapshot());
    }
  }

  /** A per-partition cursor (partition workers') is checked the same way, entry by entry. */
  @Test
  void corruptPartitionCursorIsRefusedNamingTheEntry() throws Exception {
    CliRun expand =
        cli(older(), "expand", "--no-backfill", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.OK, expand.code(), expand.err());
    for (String[] corrupt :
        List.of(
            new String[] {"[]", "backfill_cursor.partitions is a array, not an object"},
            new String[] {
              "{\"p1\": {\"after\": [\"7\"], \"done\": \"yes\"}}",
              "backfill_cursor.partitions[p1].done is string, not a boolean"
            },
            new String[] {
              "{\"p1\": {\"after\": [\"abc\"], \"done\": false}}",
              "backfill_cursor.partitions[p1]: backfill_cursor.after[0] = 'abc' is not a bigint"
            })) {
      db.execute(
          "UPDATE straddle.straddle_history SET backfill_cursor ="
              + " '{\"table\": \"cli_jobs\", \"done\": false, \"partitions\": "
              + corrupt[0]
              + "}'");
      String before = snapshot();
      CliRun o =
          cli(
              older(),
              "backfill",
              "--backfill-workers",
              "2",
              "--url",
              db.jdbcUrl(),
              "--user",
              db.user());
      assertRejected(
          o,
          StraddleCli.REFUSED,
          "refused migration=90 phase=backfill",
          corrupt[1],
          "SET backfill_cursor = NULL WHERE id = 90");
      assertEquals(before, snapshot());
    }
  }

  /** Issue 12, point 8: --up-to beyond the build's head is a usage error naming the head. */
  @Test
  void upToBeyondTheHeadIsAUsageError() throws Exception {
    assertEquals(0, cli(older(), "expand", "--url", db.jdbcUrl(), "--user", db.user()).code());
    String before = snapshot();
    for (String upTo : List.of("91", "0")) {
      CliRun o =
          cli(
              older(),
              "contract",
              "--previous-release-gone",
              "--up-to",
              upTo,
              "--url",
              db.jdbcUrl(),
              "--user",
              db.user());
      assertRejected(o, StraddleCli.USAGE, "usage", "--up-to " + upTo, "head, 90");
    }
    assertEquals(before, snapshot());
  }

  /**
   * An option of another command is a usage error naming the command's own, and changes nothing:
   * {@code rollback --up-to 3} (meant: {@code --to 3}) ran the default rollback before.
   */
  @Test
  void anotherCommandsOptionIsAUsageError() throws Exception {
    assertEquals(0, cli(older(), "expand", "--url", db.jdbcUrl(), "--user", db.user()).code());
    String before = snapshot();
    for (List<String> wrong :
        List.of(
            List.of("rollback", "--up-to", "3"),
            List.of("expand", "--force"),
            List.of("status", "--from-schema", "public"))) {
      List<String> args = new java.util.ArrayList<>(wrong);
      args.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user()));
      CliRun o = cli(older(), args.toArray(String[]::new));
      assertRejected(
          o, StraddleCli.USAGE, "usage", wrong.get(1) + " is not an option of " + wrong.get(0));
    }
    assertEquals(before, snapshot());
  }

  /** Issue 12, point 8: durations must be above zero (a pause may be zero). */
  @Test
  void negativeOrZeroDurationsAreUsageErrors() throws Exception {
    String before = snapshot();
    for (List<String> option :
        List.of(
            List.of("--lock-timeout", "-5s"),
            List.of("--lock-timeout", "0"),
            List.of("--lock-timeout", "0ms"),
            List.of("--retry-budget", "0s"),
            List.of("--lock-wait", "-1m"),
            List.of("--batch-target", "0ms"),
            List.of("--batch-pause", "-1ms"))) {
      List<String> args = new ArrayList<>(List.of("migrate", "--url", db.jdbcUrl()));
      args.addAll(option);
      CliRun o = cli(newer(), args.toArray(String[]::new));
      assertRejected(o, StraddleCli.USAGE, "usage", option.get(0) + ": '" + option.get(1) + "'");
    }
    assertEquals(before, snapshot());
    CliRun noPause =
        cli(newer(), "migrate", "--url", db.jdbcUrl(), "--user", db.user(), "--batch-pause", "0ms");
    assertEquals(StraddleCli.OK, noPause.code(), noPause.err());
  }

  /** The backfill workers are 1 to 64; anything else is a usage error that changes nothing. */
  @Test
  void backfillWorkersOutOfRangeAreUsageErrors() throws Exception {
    String before = snapshot();
    for (String n : List.of("0", "65", "-2", "two")) {
      CliRun o = cli(newer(), "migrate", "--url", db.jdbcUrl(), "--backfill-workers", n);
      assertRejected(
          o,
          StraddleCli.USAGE,
          "usage",
          n.equals("two")
              ? "--backfill-workers: 'two' is not a number"
              : "backfill workers must be 1 to 64: " + n);
    }
    assertEquals(before, snapshot());
  }

  /** Issue 19: baseline's bad input is a usage error naming it, and it never writes. */
  @Test
  void baselineBadInputIsAUsageError() throws Exception {
    String before = snapshot();
    assertRejected(
        cli(newer(), "baseline", "--url", db.jdbcUrl(), "--from-schema", "public,nowhere"),
        StraddleCli.USAGE,
        "usage",
        "schema nowhere does not exist");
    assertRejected(
        cli(newer(), "baseline", "--url", db.jdbcUrl(), "--from-schema", "public,,x"),
        StraddleCli.USAGE,
        "usage",
        "--from-schema public,,x: an empty schema name");
    assertRejected(cli(newer(), "baseline"), StraddleCli.USAGE, "usage", "--url");
    CliRun o = cli(newer(), "baseline", "--url", db.jdbcUrl(), "--user", db.user());
    assertEquals(StraddleCli.OK, o.code(), o.toString());
    assertTrue(o.out().contains("@ExistingTable(\n    name = \"" + T + "\""), o.toString());
    CliRun twice =
        cli(newer(), "baseline", "--url", db.jdbcUrl(), "--from-schema", "public, public");
    assertEquals(o.out(), twice.out(), "each schema once");
    assertEquals(before, snapshot(), "baseline reads only: no history schema either");
  }

  /** Issue 19: without a plan class only baseline runs; the others say what they need. */
  @Test
  void withoutAPlanClassOnlyBaselineRuns() throws Exception {
    String before = snapshot();
    for (String command : List.of("status", "migrate", "verify")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          StraddleCli.run(
              new String[] {command, "--url", db.jdbcUrl()},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Map.of());
      assertRejected(
          new CliRun(
              code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)),
          StraddleCli.USAGE,
          "usage",
          "command " + command + " needs the plan of a build",
          "only baseline runs");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        StraddleCli.run(
            new String[] {"baseline", "--url", db.jdbcUrl(), "--user", db.user()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            Map.of());
    assertEquals(StraddleCli.OK, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("final class Baseline {}"));
    assertEquals(before, snapshot());
  }
}
