package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The versioned-procedure examples on a real PostgreSQL through the runner: release 1 calls
 * fetch_job version 1 (through its own build's {@code Procedures}) without a single error while
 * release 2 is expanded beside it; version 1 keeps reading the renamed column through the window,
 * also for rows only release 2 wrote; contract drops it, never earlier; an edited applied version
 * is refused by {@code verify} and {@code migrate} (API and CLI) with the new-version message, and
 * nothing changes.
 */
@ExtendWith(PostgresExtension.class)
class ProceduresOnPostgresTest {

  @Test
  void releaseOneKeepsCallingVersionOneUntilContract(TestDatabase db) throws Exception {
    Compilation release1 = ProcedureExamples.release1();
    Compilation release2 = ProcedureExamples.release2();
    assertThat(release1).succeededWithoutWarnings();
    assertThat(release2).succeededWithoutWarnings();
    String fetch1 = ProcedureExamples.constant(release1, "FETCH_JOB_CALL");
    String fetch2 = ProcedureExamples.constant(release2, "FETCH_JOB_CALL");
    assertEquals("SELECT * FROM fetch_job_v1(?)", fetch1);

    straddle(db, ProcedureExamples.plan(release1)).migrate();
    assertEquals(List.of("count_jobs_v1", "fetch_job_v1"), functions(db));

    // Release 1 enqueues and fetches without pause while release 2 is expanded and backfilled.
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicInteger fetched = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread oldCode =
        new Thread(
            () -> {
              try (Connection c = db.connectAsHead(1)) {
                while (!stop.get()) {
                  execute(c, "INSERT INTO jobs (queue) VALUES ('r1')");
                  if (call(c, fetch1, "r1") != null) {
                    fetched.incrementAndGet();
                  }
                }
              } catch (Throwable e) {
                errors.add(e);
              }
            },
            "release 1");
    oldCode.start();
    try {
      waitFor(fetched, 20);
      straddle(db, ProcedureExamples.plan(release2)).migrate();
      int before = fetched.get();
      waitFor(fetched, before + 20);
    } finally {
      stop.set(true);
      oldCode.join();
    }
    assertEquals(List.of(), errors);
    assertEquals(
        List.of("count_jobs_v1", "count_jobs_v2", "fetch_job_v1", "fetch_job_v2"), functions(db));

    // In the window, version 1 still reads "queue", also for a job only release 2 wrote.
    long written;
    try (Connection c = db.connectAsHead(2)) {
      written = id(c, "INSERT INTO jobs (queue_name) VALUES ('shared') RETURNING id");
      assertEquals(1L, call(c, "SELECT * FROM count_jobs_v2(?, ?)", "shared", "todo"));
    }
    try (Connection c = db.connectAsHead(1)) {
      assertEquals(1L, call(c, "SELECT * FROM count_jobs_v1(?, ?)", "shared", "todo"));
      assertEquals(written, call(c, fetch1, "shared"));
    }
    try (Connection c = db.connectAsHead(2)) {
      id(c, "INSERT INTO jobs (queue_name) VALUES ('r2') RETURNING id");
      assertNotNull(call(c, fetch2, "r2"));
    }

    // An edited version 2 is refused before anything changes, with the new-version message.
    MigrationPlan edited = ProcedureExamples.plan(ProcedureExamples.release2Edited());
    List<Problem> problems = straddle(db, edited).verify();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(ErrorCode.PROCEDURE_CHANGED, problems.get(0).code());
    assertTrue(
        problems
            .get(0)
            .text()
            .startsWith(
                "procedure fetch_job version 2 (fetch_job_v2, migration 2) was changed after it"
                    + " was applied"),
        problems.toString());
    assertTrue(
        problems.get(0).text().contains("declare the change as version 3"), problems.toString());
    String historyBefore = history(db);
    StraddleException refused =
        assertThrows(
            StraddleException.class,
            () -> straddle(db, edited).migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(refused.getMessage().contains("declare the change as version 3"));
    assertFalse(refused.getMessage().contains("Applied migrations are immutable"));
    assertEquals(3, cli(edited, db, "verify"));
    assertEquals(3, cli(edited, db, "migrate", "--previous-release-gone"));
    assertEquals(historyBefore, history(db));
    assertEquals(
        List.of("count_jobs_v1", "count_jobs_v2", "fetch_job_v1", "fetch_job_v2"), functions(db));

    // Contract of migration 2 drops version 1, and only then.
    straddle(db, ProcedureExamples.plan(release2)).contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of("count_jobs_v2", "fetch_job_v2"), functions(db));
    assertEquals(
        "count_jobs:1:dropped count_jobs:2:live fetch_job:1:dropped fetch_job:2:live",
        Db.text(
            db,
            "SELECT string_agg(name || ':' || version || ':' || CASE WHEN dropped_at IS NULL THEN"
                + " 'live' ELSE 'dropped' END, ' ' ORDER BY name, version)"
                + " FROM straddle.straddle_procedures"));
    try (Connection c = db.connectAsHead(2)) {
      id(c, "INSERT INTO jobs (queue_name) VALUES ('r2') RETURNING id");
      assertNotNull(call(c, fetch2, "r2"));
    }
    assertTrue(straddle(db, ProcedureExamples.plan(release2)).verify().isEmpty());
  }

  @Test
  void theReviewableFilesRunWithPsqlSemantics(TestDatabase db) throws Exception {
    Compilation release2 = ProcedureExamples.release2();
    db.execute("CREATE SCHEMA files");
    String[] steps = {
      "1_create_the_jobs_table/expand.sql",
      "2_rename_jobs_queue_to_queue_name/expand.sql",
      "2_rename_jobs_queue_to_queue_name/backfill.sql"
    };
    for (String step : steps) {
      file(db, release2, step);
    }
    try (Connection c = db.connectAsHead(1)) {
      execute(c, "SET search_path TO files");
      execute(c, "INSERT INTO jobs (queue) VALUES ('q')");
      assertEquals(1L, call(c, "SELECT * FROM count_jobs_v1(?)", "q"));
      assertNotNull(call(c, "SELECT * FROM fetch_job_v1(?)", "q"));
    }
    try (Connection c = db.connectAsHead(2)) {
      execute(c, "SET search_path TO files");
      // (count_jobs_v2 is SECURITY DEFINER with search_path = public: it would read public.jobs)
      execute(c, "INSERT INTO jobs (queue_name) VALUES ('q2')");
      assertNotNull(call(c, "SELECT * FROM fetch_job_v2(?)", "q2"));
    }
    file(db, release2, "2_rename_jobs_queue_to_queue_name/contract.sql");
    assertEquals(
        "count_jobs_v2,fetch_job_v2",
        Db.text(
            db,
            "SELECT string_agg(proname::text, ',' ORDER BY proname) FROM pg_proc"
                + " WHERE pronamespace = 'files'::regnamespace AND proname ~ '_v[0-9]+$'"));
  }

  private static void file(TestDatabase db, Compilation compilation, String path)
      throws SQLException {
    db.execute(
        "SET search_path TO files;\n"
            + Examples.resource(compilation, "META-INF/straddle/" + path).orElseThrow());
  }

  private static Straddle straddle(TestDatabase db, MigrationPlan plan) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .lockTimeout(Duration.ofMillis(200))
        .load();
  }

  private static int cli(MigrationPlan plan, TestDatabase db, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = new String[command.length + 6];
    System.arraycopy(command, 0, args, 0, command.length);
    String[] connection = {"--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()};
    System.arraycopy(connection, 0, args, command.length, connection.length);
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = StraddleCli.run(plan, args, print, print, Map.of());
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("declare the change as version 3"),
        out.toString(StandardCharsets.UTF_8));
    return code;
  }

  private static List<String> functions(TestDatabase db) throws SQLException {
    String names =
        Db.text(
            db,
            "SELECT coalesce(string_agg(proname::text, ',' ORDER BY proname), '') FROM pg_proc"
                + " WHERE proname ~ '_v[0-9]+$' AND pronamespace = 'public'::regnamespace");
    return names.isEmpty() ? List.of() : List.of(names.split(","));
  }

  private static String history(TestDatabase db) throws SQLException {
    return Db.text(
            db,
            "SELECT string_agg(id || ':' || phase || ':' || checksum, ' ' ORDER BY id)"
                + " FROM straddle.straddle_history")
        + " | "
        + Db.text(
            db,
            "SELECT string_agg(name || version || checksum, ' ' ORDER BY name, version)"
                + " FROM straddle.straddle_procedures");
  }

  private static void waitFor(AtomicInteger counter, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (counter.get() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(counter.get() >= atLeast, "only " + counter.get() + " calls");
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long id(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Calls with text arguments; the first column of the first row (null when SQL NULL). */
  private static Long call(Connection c, String sql, String... arguments) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        s.setString(i + 1, arguments[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
      }
    }
  }
}
