package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Complements {@link ConcurrentWritersTest}: a composite primary key, two migrations in flight on
 * one table (a rename and an add-with-up), three old-code and three new-code writers doing inserts,
 * updates and deletes through expand → backfill → contract. No writer sees an error; afterwards
 * every row's columns agree and no row is lost or duplicated (row count = seeded + inserted −
 * deleted, as counted by the writers).
 */
@ExtendWith(PostgresExtension.class)
class MixedWritersCompositeKeyTest {

  static final int TENANTS = 4;
  static final int PER_TENANT = 500;
  static final String T = "ledger";
  final TestDatabase db;

  MixedWritersCompositeKeyTest(TestDatabase db) {
    this.db = db;
  }

  static final AtomicLong SEQ = new AtomicLong(1_000_000);

  /** One application instance: old code (head 0) or new code (head 101). */
  final class MixedWriter implements Runnable {
    final int head;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicLong operations = new AtomicLong();
    final AtomicLong inserted = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    volatile boolean stop;
    Thread thread;

    MixedWriter(int head) {
      this.head = head;
    }

    MixedWriter start() {
      thread = new Thread(this, "mixed-writer-head-" + head);
      thread.start();
      return this;
    }

    @Override
    public void run() {
      boolean isNew = head >= 101;
      String insert =
          isNew
              ? "INSERT INTO "
                  + T
                  + " (tenant, seq, queue_name, amount, amount_cents)"
                  + " VALUES (?, ?, ?, ?, ? * 100)"
              : "INSERT INTO " + T + " (tenant, seq, queue, amount) VALUES (?, ?, ?, ?)";
      String update =
          isNew
              ? "UPDATE "
                  + T
                  + " SET queue_name = ?, amount = ?, amount_cents = ? * 100"
                  + " WHERE tenant = ? AND seq = ?"
              : "UPDATE " + T + " SET queue = ?, amount = ? WHERE tenant = ? AND seq = ?";
      String delete = "DELETE FROM " + T + " WHERE tenant = ? AND seq = ?";
      try (Connection c = db.connectAsHead(head)) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop) {
          String queue = "q" + random.nextInt(50);
          int amount = random.nextInt(1000);
          int tenant = random.nextInt(TENANTS);
          try (PreparedStatement s = c.prepareStatement(insert)) {
            s.setInt(1, tenant);
            s.setLong(2, SEQ.incrementAndGet());
            s.setString(3, queue);
            s.setInt(4, amount);
            if (isNew) {
              s.setInt(5, amount);
            }
            inserted.addAndGet(s.executeUpdate());
          }
          try (PreparedStatement s = c.prepareStatement(update)) {
            int i = 1;
            s.setString(i++, queue);
            s.setInt(i++, amount);
            if (isNew) {
              s.setInt(i++, amount);
            }
            s.setInt(i++, random.nextInt(TENANTS));
            s.setLong(i, 1 + random.nextInt(PER_TENANT * TENANTS));
            s.executeUpdate();
          }
          if (random.nextInt(4) == 0) {
            try (PreparedStatement s = c.prepareStatement(delete)) {
              s.setInt(1, random.nextInt(TENANTS));
              // seeded rows and rows inserted by any writer
              s.setLong(
                  2,
                  random.nextBoolean()
                      ? 1 + random.nextInt(PER_TENANT * TENANTS)
                      : 1_000_001 + random.nextLong(Math.max(1, SEQ.get() - 1_000_000)));
              deleted.addAndGet(s.executeUpdate());
            }
          }
          operations.incrementAndGet();
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }

    void awaitMore(long more) throws InterruptedException {
      long target = operations.get() + more;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (operations.get() < target && errors.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join(60_000);
    }
  }

  private List<MixedWriter> writers(int head, int n) {
    List<MixedWriter> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new MixedWriter(head).start());
    }
    return out;
  }

  private static void awaitAll(List<MixedWriter> writers, long more) throws InterruptedException {
    for (MixedWriter w : writers) {
      w.awaitMore(more);
    }
  }

  private static void stopAll(List<MixedWriter> writers) throws InterruptedException {
    for (MixedWriter w : writers) {
      w.stop();
    }
  }

  @Test
  void oldAndNewWritersInsertUpdateDeleteThroughEveryPhase() throws Exception {
    // seq is unique across tenants here only to make random deletes simple; the key is composite.
    db.execute(
        "CREATE TABLE "
            + T
            + " (tenant int, seq bigint, queue text NOT NULL, amount int NOT NULL,"
            + " PRIMARY KEY (tenant, seq));\n"
            + "INSERT INTO "
            + T
            + " SELECT t, s, 'q' || (s % 50), (s % 1000)::int FROM generate_series(0, "
            + (TENANTS - 1)
            + ") t, generate_series(1, "
            + PER_TENANT * TENANTS
            + ") s WHERE s % "
            + TENANTS
            + " = t;\nANALYZE "
            + T);
    long seeded = PER_TENANT * TENANTS;
    MigrationPlan plan =
        TestPlans.plan(
            TestPlans.rename(100, T, "queue", "queue_name", "text"),
            TestPlans.addNotNull(101, T, "amount_cents", "bigint", "amount * 100"));
    Straddle straddle =
        Straddle.configure(plan)
            .dataSource(db.dataSource())
            .historySchema("hist_mixed")
            .lockTimeout(Duration.ofMillis(500))
            .retryBudget(Duration.ofSeconds(60))
            .batchRows(100, 200)
            .load();

    List<MixedWriter> old = writers(0, 3);
    awaitAll(old, 10);
    straddle.expand(Backfill.DEFER);
    List<MixedWriter> fresh = writers(101, 3);
    awaitAll(old, 20);
    awaitAll(fresh, 10);
    RunResult backfill = straddle.backfill();
    assertEquals(List.of("100 backfilled", "101 backfilled"), backfill.stepTexts());
    awaitAll(fresh, 20);
    stopAll(old); // the old release is gone before contract
    try (Connection c = db.connect()) {
      assertEquals(
          0, count(c, "SELECT count(*) FROM " + T + " WHERE queue_name IS DISTINCT FROM queue"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM " + T + " WHERE amount_cents IS DISTINCT FROM amount * 100"));
    }
    straddle.contract(
        ContractPolicy.PREVIOUS_RELEASE_GONE); // new code keeps writing through contract
    awaitAll(fresh, 20);
    stopAll(fresh);

    long inserted = 0;
    long deleted = 0;
    for (MixedWriter w : concat(old, fresh)) {
      assertEquals(List.of(), w.errors, "writer of head " + w.head);
      assertTrue(w.operations.get() >= 20, "writer of head " + w.head + " made progress");
      inserted += w.inserted.get();
      deleted += w.deleted.get();
    }
    assertTrue(deleted > 0, "some deletes hit");
    try (Connection c = db.connect()) {
      assertEquals(seeded + inserted - deleted, count(c, "SELECT count(*) FROM " + T));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM "
                  + T
                  + " WHERE queue_name IS NULL OR amount_cents IS DISTINCT FROM amount * 100"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + T
                  + "' AND column_name = 'queue'"));
      assertEquals(
          2,
          count(c, "SELECT count(*) FROM hist_mixed.straddle_history WHERE phase = 'contracted'"));
    }
  }

  private static List<MixedWriter> concat(List<MixedWriter> a, List<MixedWriter> b) {
    List<MixedWriter> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
