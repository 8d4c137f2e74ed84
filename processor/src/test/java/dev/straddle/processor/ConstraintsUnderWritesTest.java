package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Release 1 of the constraint examples (a check with {@code up}, foreign keys, a unique constraint)
 * deployed while old code (head 0) writes without pause: inserts with quantities the check refuses,
 * updates of old rows that violate it. The old writers run from before the expand until the
 * backfill is done (the rollout), the new writer (head 2) from then on through the contract. No
 * writer sees an error, every row the writers inserted is there, and the contract validates every
 * constraint: nothing the old code wrote, nor any old row, violates them.
 */
@ExtendWith(PostgresExtension.class)
class ConstraintsUnderWritesTest {

  static final int ORDERS = 20_000;
  static final AtomicLong IDS = new AtomicLong(100_000);

  @Test
  void oldCodeWritesViolatingValuesWithoutAnErrorAndTheContractValidates(TestDatabase db)
      throws Exception {
    db.execute(ConstraintExamples.setup(ORDERS));
    Compilation compilation = ConstraintExamples.compile(ConstraintExamples.RELEASE1);
    assertThat(compilation).succeededWithoutWarnings();
    Straddle straddle =
        Straddle.configure(ConstraintExamples.plan(compilation))
            .dataSource(db.dataSource())
            .lockTimeout(Duration.ofMillis(200))
            .load();

    List<Writer> old = List.of(new Writer(db, 0).start(), new Writer(db, 0).start());
    old.forEach(w -> w.awaitOperations(50));
    straddle.expand(Backfill.DEFER);
    old.forEach(w -> w.awaitOperations(w.operations.get() + 50));
    straddle.backfill();
    Writer young = new Writer(db, 2).start();
    young.awaitOperations(50);
    for (Writer w : old) {
      w.stop(); // the old release is gone
    }
    straddle.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE);
    young.awaitOperations(young.operations.get() + 50);
    young.stop();

    for (Writer w : old) {
      assertEquals(List.of(), w.errors, "old code's writes");
    }
    assertEquals(List.of(), young.errors, "new code's writes");
    long inserted = old.stream().mapToLong(w -> w.inserted.get()).sum() + young.inserted.get();
    assertTrue(inserted > 100, "writers inserted " + inserted);
    assertEquals(ORDERS + inserted, number(db, "SELECT count(*) FROM orders"));
    assertEquals(0L, number(db, "SELECT count(*) FROM orders WHERE quantity <= 0"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"
                + " AND conrelid IN ('orders'::regclass, 'customers'::regclass)"));
  }

  /** Inserts and updates orders as code with {@code head}, one statement per transaction. */
  static final class Writer implements Runnable {
    final TestDatabase db;
    final int head;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicLong operations = new AtomicLong();
    final AtomicLong inserted = new AtomicLong();
    final Thread thread = new Thread(this, "writer");
    volatile boolean stop;

    Writer(TestDatabase db, int head) {
      this.db = db;
      this.head = head;
    }

    Writer start() {
      thread.start();
      return this;
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
    }

    void awaitOperations(long atLeast) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (operations.get() < atLeast && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.onSpinWait();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      try (Connection c = db.connectAsHead(head);
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO orders (id, customer_id, quantity, country, region_code)"
                      + " VALUES (?, ?, ?, 'de', 'by')");
          PreparedStatement update =
              c.prepareStatement("UPDATE orders SET country = country WHERE id = ?")) {
        while (!stop) {
          insert.setLong(1, IDS.incrementAndGet());
          insert.setLong(2, random.nextLong(1, 1001));
          // Old code writes quantities the check refuses; new code knows it.
          insert.setInt(3, head == 0 ? random.nextInt(-3, 6) : random.nextInt(1, 6));
          insert.executeUpdate();
          inserted.incrementAndGet();
          update.setLong(1, random.nextLong(1, ORDERS + 1));
          update.executeUpdate();
          operations.incrementAndGet();
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }
  }
}
