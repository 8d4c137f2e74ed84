package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backfill paces itself by default (docs/ARCHITECTURE.md, "Backfill pacing"): an application
 * session that waits for a row a batch holds makes the backfill back off (a shorter batch target, a
 * pause); a configured batch target or pause is kept as configured.
 */
@ExtendWith(PostgresExtension.class)
class BackfillPacingTest {

  final TestDatabase db;

  BackfillPacingTest(TestDatabase db) {
    this.db = db;
  }

  /** What {@link StraddleListener#batchPaced} reported for one batch. */
  record Paced(int waiting, Duration nextTarget, Duration pause) {}

  static StraddleListener recording(List<Paced> paced) {
    return new StraddleListener() {
      @Override
      public void batchPaced(
          int migrationId, String table, int waiting, Duration nextTarget, Duration pause) {
        paced.add(new Paced(waiting, nextTarget, pause));
      }
    };
  }

  @Test
  void anApplicationSessionWaitingForABatchMakesTheBackfillBackOff() throws Exception {
    String t = "jobs_paced";
    db.execute(TestPlans.jobsTable(t, 1000));
    // While the first batch updates row 50 (it has already locked row 1), the table's own trigger
    // tells the test (a sequence is not transactional) and holds the batch until a session waits
    // for it, so the batch commits with the application waiting: no timing involved.
    db.execute(
        "CREATE SEQUENCE paced_signal;\n"
            + "CREATE FUNCTION hold_for_a_waiter() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  IF NEW.id = 50 AND NEW.payload = OLD.payload THEN\n"
            + "    PERFORM nextval('paced_signal');\n"
            + "    FOR i IN 1..3000 LOOP\n"
            + "      EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted\n"
            + "        AND pg_backend_pid() = ANY(pg_blocking_pids(pid)));\n"
            + "      PERFORM pg_sleep(0.01);\n"
            + "    END LOOP;\n"
            + "  END IF;\n"
            + "  RETURN NEW;\n"
            + "END $$;\n"
            + "CREATE TRIGGER zz_hold BEFORE UPDATE ON "
            + t
            + " FOR EACH ROW EXECUTE FUNCTION hold_for_a_waiter()");
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(60, t, "qlen", "integer", "length(queue)"));
    Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema("hist_paced")
        .load()
        .expand(Backfill.DEFER);

    // The application: once the first batch is on row 50, it updates row 1 and waits for the batch.
    AtomicReference<Exception> applicationFailure = new AtomicReference<>();
    Thread application =
        new Thread(
            () -> {
              try (Connection c = db.connect()) {
                while (count(c, "SELECT CASE WHEN is_called THEN 1 ELSE 0 END FROM paced_signal")
                    == 0) {
                  Thread.onSpinWait();
                }
                c.createStatement()
                    .executeUpdate("UPDATE " + t + " SET payload = 'app' WHERE id = 1");
              } catch (SQLException e) {
                applicationFailure.set(e);
              }
            },
            "application");
    application.start();

    List<Paced> paced = new ArrayList<>();
    RunResult result =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema("hist_paced")
            .batchRows(100, 100)
            .listener(recording(paced))
            .load()
            .backfill();
    application.join();
    assertNull(applicationFailure.get());
    assertEquals(List.of("60 backfilled"), result.stepTexts());

    // The first batch was waited for: the target halves from where it started, and a pause
    // follows. The next ones were not: no pause, and the target grows back.
    Paced first = paced.get(0);
    assertTrue(first.waiting() >= 1, paced.toString());
    assertEquals(Duration.ofNanos(1_500_000), first.nextTarget());
    assertFalse(first.pause().isZero(), paced.toString());
    Paced second = paced.get(1);
    assertEquals(0, second.waiting(), paced.toString());
    assertEquals(Duration.ZERO, second.pause());
    assertEquals(Duration.ofNanos(2_500_000), second.nextTarget());
    assertTrue(paced.stream().skip(1).allMatch(p -> p.waiting() == 0), paced.toString());

    // The backfill's correctness is untouched: every row right, the application's write kept.
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
      assertEquals("app", text(c, "SELECT payload FROM " + t + " WHERE id = 1"));
    }
  }

  @Test
  void aConfiguredTargetOrPauseIsKeptAndTurnsTheAdaptivePacingOff() throws Exception {
    assertTrue(
        Straddle.configure(TestPlans.plan()).dataSource(db.dataSource()).build().adaptivePacing());
    String t = "jobs_fixed_pace";
    db.execute(TestPlans.jobsTable(t, 500));
    MigrationPlan plan =
        TestPlans.plan(TestPlans.addNotNull(61, t, "qlen", "integer", "length(queue)"));
    List<Paced> paced = new ArrayList<>();
    StraddleConfiguration configuration =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema("hist_fixed_pace")
            .batchRows(100, 100)
            .batchTarget(Duration.ofMillis(40))
            .listener(recording(paced))
            .build();
    assertFalse(configuration.adaptivePacing());
    configuration.load().migrate();
    assertFalse(paced.isEmpty());
    for (Paced p : paced) {
      assertEquals(new Paced(0, Duration.ofMillis(40), Duration.ZERO), p);
    }
    try (Connection c = db.connect()) {
      assertEquals(0, TestPlans.rowsWithWrongQlen(c, t));
    }

    // A pause alone: the target is the fixed default.
    StraddleConfiguration paused =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .batchPause(Duration.ofMillis(1))
            .build();
    assertFalse(paused.adaptivePacing());
    assertEquals(StraddleConfiguration.DEFAULT_BATCH_TARGET, paused.batchTarget());
  }
}
