package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code @DropEnumValue} on a column a trigger names and a PL/pgSQL function reads
 * (docs/ARCHITECTURE.md, "Enum types": triggers and PL/pgSQL on a column of the type), the examples
 * under {@code src/test/resources/enumtriggers}: migration 1 replaces the status {@code failed} by
 * a flag and attaches {@code jobs_record_event} ({@code UPDATE OF status}, a {@code WHEN} on it) to
 * a function comparing {@code OLD.status} with a variable of the type set from {@code NEW.status}.
 * A second trigger, {@code jobs_note_status_change}, names no column and its function reads {@code
 * NEW.status} and {@code OLD.status}. Sessions of both releases, opened and warmed (the triggers
 * ran in them) before the contract, write through it and after it without an error; the first
 * trigger is there again, unchanged.
 */
@ExtendWith(PostgresExtension.class)
class EnumTriggersOnPostgresTest {

  static final int ROWS = 400;
  static final int NEW_HEAD = 1;
  static final int WRITES_AFTER = 20;

  @Test
  void sessionsOpenedBeforeTheContractKeepWritingThroughTheTriggers(TestDatabase db)
      throws Exception {
    Straddle straddle = expanded(db);
    straddle.backfill();
    String trigger = triggerDef(db);
    assertTrue(trigger.contains("UPDATE OF status"), trigger);
    assertTrue(trigger.contains("WHEN"), trigger);

    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean contracted = new AtomicBoolean();
    CountDownLatch warmed = new CountDownLatch(2);
    List<Thread> writers = new ArrayList<>();
    // Old code moves rows 1..100 between queued and running; new code rows 101..200 between
    // running and done, none failed.
    writers.add(writer(db, 0, 1, "queued", "running", "", warmed, contracted, errors));
    writers.add(
        writer(
            db, NEW_HEAD, 101, "running", "done", ", failed = false", warmed, contracted, errors));
    writers.forEach(Thread::start);
    warmed.await();
    long eventsBefore = number(db, "SELECT count(*) FROM job_events");
    assertTrue(eventsBefore > 0, "the sessions ran the trigger before the contract");

    try {
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    } finally {
      contracted.set(true);
    }
    for (Thread writer : writers) {
      writer.join();
    }

    assertEquals(List.of(), errors, "no write of either release failed");
    assertEquals("queued,running,done", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(trigger, triggerDef(db), "the trigger is back as it was");
    assertTrue(number(db, "SELECT count(*) FROM job_events") > eventsBefore);
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM jobs WHERE id <= 200 AND note NOT LIKE 'was %'"),
        "the other trigger, which names no column, ran for every write");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM jobs j WHERE j.id IN (SELECT job_id FROM job_events)"
                + " AND j.status IS DISTINCT FROM (SELECT e.status FROM job_events e"
                + " WHERE e.job_id = j.id ORDER BY e.id DESC LIMIT 1)"),
        "every status change, after the contract too, was recorded");
  }

  /**
   * A session of release {@code head}, opened now, that moves its 100 rows from {@code first}
   * between two statuses (setting {@code also} too): before the contract (then counts down {@code
   * warmed}), while it runs, and {@value #WRITES_AFTER} times after it. Failures go to {@code
   * errors}.
   */
  private static Thread writer(
      TestDatabase db,
      int head,
      int fromId,
      String a,
      String b,
      String also,
      CountDownLatch warmed,
      AtomicBoolean contracted,
      List<String> errors)
      throws SQLException {
    Connection connection = db.connectAsHead(head);
    return new Thread(
        () -> {
          try (connection;
              Statement statement = connection.createStatement()) {
            int after = 0;
            for (int i = 0; after < WRITES_AFTER; i++) {
              if (contracted.get()) {
                after++;
              }
              String status = i % 2 == 0 ? b : a;
              try {
                statement.execute(
                    "UPDATE jobs SET status = '"
                        + status
                        + "'"
                        + also
                        + " WHERE id = "
                        + (fromId + i % 100));
              } catch (SQLException e) {
                errors.add("head " + head + ": " + e.getMessage());
              }
              if (i == 10) {
                warmed.countDown();
              }
            }
          } catch (SQLException e) {
            errors.add("head " + head + ": " + e.getMessage());
          }
        });
  }

  private static String triggerDef(TestDatabase db) throws SQLException {
    return text(
        db, "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'jobs_record_event'");
  }

  private Straddle expanded(TestDatabase db) throws Exception {
    return expanded(getClass(), db);
  }

  /** The schema before migration 1, {@value #ROWS} jobs, and migration 1 expanded. */
  static Straddle expanded(Class<?> test, TestDatabase db) throws Exception {
    PostgresMajor major = test.getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation =
        javac()
            .withProcessors(new StraddleProcessor())
            .compile(
                JavaFileObjects.forResource("enumtriggers/com/example/enumtrig/Baseline.java"),
                JavaFileObjects.forResource(
                    "enumtriggers/com/example/enumtrig/ReplaceFailedByFlag.java"));
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan =
        (MigrationPlan)
            ProcedureExamples.load(compilation, "com.example.enumtrig.StraddlePlan")
                .getConstructor()
                .newInstance();
    db.execute(
        "CREATE TYPE job_status AS ENUM ('queued', 'running', 'done', 'failed');\n"
            + "CREATE TABLE jobs (id bigserial PRIMARY KEY,"
            + " status job_status NOT NULL DEFAULT 'queued', note text);\n"
            + "INSERT INTO jobs (status) SELECT (ARRAY['queued', 'running', 'done',"
            + " 'failed'])[1 + g % 4]::job_status FROM generate_series(1, "
            + ROWS
            + ") g");
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.DEFER);
    return straddle;
  }
}
