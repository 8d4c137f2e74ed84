package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scripted rolling deploy across three builds (1: create table with column {@code a}; 2: rename a
 * → b; 3: rename b → c), using {@code migrate} at each deploy (and {@code contract} after the last
 * rollout), with registered instances of two (at one point three) builds alive and writing/reading
 * through their own heads during each rollout. No instance ever sees an error or reads back another
 * value than it wrote, no column is dropped while an instance that uses it is alive, and the final
 * data is complete and consistent.
 */
@ExtendWith(PostgresExtension.class)
class RollingDeployTest {

  static final String T = "roll";
  static final String S = "hist_roll";
  static final int SEED = 300;

  final TestDatabase db;
  final AtomicLong ids = new AtomicLong(SEED);
  final AtomicLong inserted = new AtomicLong();

  RollingDeployTest(TestDatabase db) {
    this.db = db;
  }

  static PlannedMigration createTable() {
    return new PlannedMigration(
        1,
        "Create roll",
        "sha-create-roll",
        List.of(
            SqlStatement.inTransaction(
                "CREATE TABLE \"roll\" (id bigint PRIMARY KEY, \"a\" text NOT NULL)")),
        List.of(),
        List.of(),
        List.of(SchemaExpectation.tableAbsent(T)));
  }

  static final MigrationPlan BUILD1 = TestPlans.plan(createTable());
  static final MigrationPlan BUILD2 =
      TestPlans.plan(createTable(), TestPlans.rename(2, T, "a", "b", "text"));
  static final MigrationPlan BUILD3 =
      TestPlans.plan(
          createTable(),
          TestPlans.rename(2, T, "a", "b", "text"),
          TestPlans.rename(3, T, "b", "c", "text"));

  Straddle straddle(MigrationPlan plan) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(S)
        .lockTimeout(Duration.ofMillis(500))
        .retryBudget(Duration.ofSeconds(60))
        .batchRows(100, 200)
        .load();
  }

  /** One running instance of a build: startup guard, registration, two writer threads. */
  final class App implements AutoCloseable {
    final int head;
    final String column;
    final Registration registration;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicLong operations = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    volatile boolean stop;

    App(MigrationPlan build, String column) {
      this.head = build.head();
      this.column = "\"" + column + "\"";
      // Registers, then passes its startup guard (the one safe order).
      this.registration =
          Straddle.configure(build)
              .dataSource(db.dataSource())
              .historySchema(S)
              .heartbeatEvery(Duration.ofMillis(100))
              .expireAfter(Duration.ofSeconds(5))
              .application("roll-build-" + head)
              .shutdownHook(false)
              .load()
              .start();
      for (int i = 0; i < 2; i++) {
        Thread thread = new Thread(this::work, "app-head-" + head + "-" + i);
        threads.add(thread);
        thread.start();
      }
    }

    void work() {
      try (Connection c = db.connectAsHead(head)) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop) {
          long id = ids.incrementAndGet();
          String value = "h" + head + "-" + id;
          expect(value, one(c, "INSERT INTO roll (id, " + column + ") VALUES (?, ?)", id, value));
          inserted.incrementAndGet();
          String read = one(c, "SELECT " + column + " FROM roll WHERE id = ?", id, null);
          if (read == null) {
            throw new AssertionError("head " + head + " read null for row " + id);
          }
          long existing = 1 + random.nextLong(ids.get());
          String update = "u" + head + "-" + random.nextInt(1000);
          String written =
              one(c, "UPDATE roll SET " + column + " = ? WHERE id = ?", existing, update);
          if (written != null) {
            expect(update, written);
          }
          operations.addAndGet(3);
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }

    /** Runs {@code sql} (an insert/update gets {@code RETURNING column}); the column's value. */
    String one(Connection c, String sql, long id, String value) throws SQLException {
      boolean select = sql.startsWith("SELECT");
      try (PreparedStatement s = c.prepareStatement(select ? sql : sql + " RETURNING " + column)) {
        if (select) {
          s.setLong(1, id);
        } else if (sql.startsWith("INSERT")) {
          s.setLong(1, id);
          s.setString(2, value);
        } else {
          s.setString(1, value);
          s.setLong(2, id);
        }
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    }

    void expect(String wanted, String got) {
      if (!wanted.equals(got)) {
        throw new AssertionError("head " + head + " wrote " + wanted + " but got " + got);
      }
    }

    void awaitMore(long more) throws Exception {
      long target = operations.get() + more;
      Await.until(
          "instance of head " + head + " makes progress",
          Duration.ofSeconds(60),
          () -> operations.get() >= target || !errors.isEmpty());
      assertEquals(List.of(), errors, "instance of head " + head);
    }

    @Override
    public void close() throws Exception {
      stop = true;
      for (Thread thread : threads) {
        thread.join(60_000);
      }
      registration.close();
      assertEquals(List.of(), errors, "instance of head " + head);
    }
  }

  boolean columnExists(String column) throws SQLException {
    try (Connection c = db.connect()) {
      return count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = 'roll' AND"
                  + " column_name = '"
                  + column
                  + "'")
          == 1;
    }
  }

  long inconsistent(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return count(c, "SELECT count(*) FROM roll WHERE " + sql);
    }
  }

  static void progress(App... apps) throws Exception {
    for (App app : apps) {
      app.awaitMore(60);
    }
  }

  @Test
  void threeBuildsRolledOutWithMigrateOnly() throws Exception {
    // Deploy of build 1 (no registry yet, nothing to contract).
    assertEquals(List.of("1 expanded backfilled"), straddle(BUILD1).migrate().stepTexts());
    db.execute(
        "INSERT INTO roll (id, a) SELECT g, 'seed-' || g FROM generate_series(1, " + SEED + ") g");
    App old1 = new App(BUILD1, "a");
    App straggler1 = new App(BUILD1, "a");
    progress(old1, straggler1);

    // Deploy of build 2 while build 1 runs: 1 has nothing to drop; 2 is expanded and backfilled.
    RunResult deploy2 = straddle(BUILD2).migrate();
    assertEquals(List.of("1 contracted", "2 expanded"), deploy2.stepTexts().subList(0, 2));
    App new2 = new App(BUILD2, "b");
    App other2 = new App(BUILD2, "b");
    progress(old1, straggler1, new2, other2);
    assertEquals(0, inconsistent("a IS DISTINCT FROM b"));
    old1.close(); // most of build 1 is gone; one straggler still runs

    // Deploy of build 3 too early: the straggler of build 1 still uses `a`, so 2 is kept.
    RunResult deploy3 = straddle(BUILD3).migrate();
    assertEquals("2 kept", deploy3.stepTexts().get(0));
    // The kept step names the live instances that still need migration 2: build 1's straggler.
    assertEquals(
        List.of(1), deploy3.steps().get(0).instances().stream().map(Instance::head).toList());
    assertTrue(deploy3.stepTexts().contains("3 expanded"), deploy3.stepTexts().toString());
    assertTrue(columnExists("a"));
    App new3 = new App(BUILD3, "c");
    progress(straggler1, new2, other2, new3);
    assertEquals(0, inconsistent("a IS DISTINCT FROM b OR b IS DISTINCT FROM c"));

    // The straggler stops: the retried migrate drops `a`; 3 is for build 2's instances, and a
    // migrate of build 3 never contracts what build 2 (the release it replaces) uses.
    straggler1.close();
    RunResult retried = straddle(BUILD3).migrate();
    assertEquals(List.of("2 contracted"), retried.stepTexts());
    assertTrue(retried.notes().get(0).contains("(head 2)"), retried.notes().toString());
    assertTrue(!columnExists("a") && columnExists("b"));
    progress(new2, other2, new3);
    // Build 1 can no longer start.
    StraddleException tooOld =
        assertThrows(StraddleException.class, () -> new App(BUILD1, "a").close());
    assertTrue(tooOld.getMessage().contains("this build is too old"), tooOld.getMessage());

    // Build 2 rolled away: the contract after the rollout drops 3 while build 3 keeps writing.
    new2.close();
    other2.close();
    assertEquals(List.of(), straddle(BUILD3).migrate().stepTexts());
    assertEquals(List.of("3 contracted"), straddle(BUILD3).contract().stepTexts());
    assertTrue(!columnExists("b") && columnExists("c"));
    progress(new3);
    new3.close();

    assertEquals(List.of(), straddle(BUILD3).migrate().stepTexts());
    try (Connection c = db.connect()) {
      assertEquals(SEED + inserted.get(), count(c, "SELECT count(*) FROM roll"));
      assertEquals(0, count(c, "SELECT count(*) FROM roll WHERE c IS NULL"));
      assertEquals(
          3,
          count(c, "SELECT count(*) FROM " + S + ".straddle_history WHERE phase = 'contracted'"));
      assertEquals(
          0, count(c, "SELECT count(*) FROM " + S + ".straddle_history WHERE contract_forced"));
      assertEquals(0, count(c, "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"));
    }
    assertTrue(straddle(BUILD3).unregisteredStartupGuard().check().ok());
  }
}
