package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static dev.straddle.processor.TypeChangesOnPostgresTest.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: an {@code integer} primary key that a foreign key references, and the referencing
 * column, become {@code bigint} on live, written tables (docs/ARCHITECTURE.md, "Column type
 * changes"). Old code (head 0) and new code (head 1) insert, update and delete orders and lines
 * through expand → backfill → contract, between the phases and from a writer thread that runs
 * through the backfill and the contract; every row keeps its values, the foreign key is re-created
 * against the new key and validated after the contract transaction, and enforced.
 */
@ExtendWith(PostgresExtension.class)
class KeyWideningOnPostgresTest {

  static final int ORDERS = 3_000;
  static final int NEW_HEAD = 1;

  @Test
  void theKeyAndItsReferencesWidenWhileBothReleasesWrite(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = KeyExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = KeyExamples.plan(compilation);
    db.execute(KeyExamples.setup(ORDERS));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();

    straddle.expand(Backfill.DEFER);
    assertEquals("integer", type(db, "orders", "id"));
    assertEquals("integer", type(db, "order_lines", "order_id"));

    // Both releases write both tables in the window.
    write(db, 0, "INSERT INTO orders (customer) VALUES ('old code')");
    write(
        db,
        0,
        "INSERT INTO order_lines (id, order_id, qty) SELECT 100001, id, 3 FROM orders"
            + " WHERE customer = 'old code'");
    write(db, NEW_HEAD, "INSERT INTO orders (customer) VALUES ('new code')");
    write(
        db,
        NEW_HEAD,
        "INSERT INTO order_lines (id, order_id, qty) SELECT 100002, id, 4 FROM orders"
            + " WHERE customer = 'new code'");
    write(db, 0, "UPDATE order_lines SET order_id = 5 WHERE id = 1");
    write(db, NEW_HEAD, "UPDATE order_lines SET order_id = 6 WHERE id = 3");
    write(db, NEW_HEAD, "DELETE FROM orders WHERE id = 2"); // cascades to line 4 (3 moved)
    write(db, 0, "DELETE FROM orders WHERE id = 7"); // cascades to lines 13 and 14
    assertEquals(0L, number(db, "SELECT count(*) FROM order_lines WHERE order_id IN (2, 7)"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM order_lines WHERE id IN (1, 3, 100001, 100002)"
                + " AND order_id_straddle_new IS DISTINCT FROM order_id"),
        "the sync trigger copies every writer's value");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    Thread writer = new Thread(() -> writeUntil(db, stop, written, failures), "orders writer");
    writer.start();
    try {
      straddle.backfill();
      assertEquals(
          0L, number(db, "SELECT count(*) FROM orders WHERE id_straddle_new IS DISTINCT FROM id"));
      assertEquals(
          0L,
          number(
              db,
              "SELECT count(*) FROM order_lines WHERE order_id_straddle_new IS DISTINCT FROM"
                  + " order_id"));
      write(db, 0, "UPDATE order_lines SET qty = 99 WHERE id = 5");
      while (written.get() < 20 && failures.isEmpty()) {
        Thread.onSpinWait();
      }
      RunResult contracted = straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      assertEquals(List.of("1 contracted"), contracted.stepTexts());
      int atContract = written.get();
      while (written.get() < atContract + 20 && failures.isEmpty()) {
        Thread.onSpinWait();
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertEquals(List.of(), failures, "the writers never failed");

    assertEquals("bigint", type(db, "orders", "id"));
    assertEquals("bigint", type(db, "order_lines", "order_id"));
    assertEquals(
        "FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE|true",
        text(
            db,
            "SELECT pg_get_constraintdef(oid) || '|' || convalidated FROM pg_constraint"
                + " WHERE conrelid = 'order_lines'::regclass AND contype = 'f'"),
        "the foreign key is re-created against the new key and validated");
    assertEquals(
        "PRIMARY KEY (id)",
        text(
            db,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = 'orders'::regclass AND contype = 'p'"));
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM straddle.straddle_history WHERE contract_after_pending"));
    // Every row kept: the seeded ones as they were changed, and every written one.
    assertEquals(
        "5|6|99",
        text(
            db,
            "SELECT (SELECT order_id FROM order_lines WHERE id = 1) || '|' ||"
                + " (SELECT order_id FROM order_lines WHERE id = 3) || '|' ||"
                + " (SELECT qty FROM order_lines WHERE id = 5)"));
    assertEquals(
        2L * ORDERS - 3 + 2 + written.get(),
        number(db, "SELECT count(*) FROM order_lines"),
        "the seeded lines less the three the deletes cascaded to, plus every written one");
    assertEquals(
        ORDERS - 2 + 2 + written.get(),
        number(db, "SELECT count(*) FROM orders"),
        "the seeded orders less the two deleted, plus every written one");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM order_lines l WHERE NOT EXISTS"
                + " (SELECT 1 FROM orders o WHERE o.id = l.order_id)"));

    // Enforced: an orphan fails for either release; the cascade still deletes the lines.
    SQLException orphan =
        assertThrows(
            SQLException.class,
            () ->
                write(
                    db,
                    0,
                    "INSERT INTO order_lines (id, order_id, qty) VALUES (200001, 999999999, 1)"));
    assertEquals("23503", orphan.getSQLState(), orphan.getMessage());
    write(db, NEW_HEAD, "DELETE FROM orders WHERE id = 10");
    assertEquals(0L, number(db, "SELECT count(*) FROM order_lines WHERE order_id = 10"));

    // New code writes what only bigint holds, on both sides.
    write(db, NEW_HEAD, "SELECT setval('orders_id_seq', 3000000000)");
    write(db, NEW_HEAD, "INSERT INTO orders (customer) VALUES ('past the integer range')");
    write(
        db, NEW_HEAD, "INSERT INTO order_lines (id, order_id, qty) VALUES (200002, 3000000001, 1)");
    assertEquals(3000000001L, number(db, "SELECT order_id FROM order_lines WHERE id = 200002"));
  }

  /** Orders with a line each, alternately as old and new code, until {@code stop}. */
  private static void writeUntil(
      TestDatabase db, AtomicBoolean stop, AtomicInteger written, List<Throwable> failures) {
    try (Connection old = db.connectAsHead(0);
        Connection current = db.connectAsHead(NEW_HEAD)) {
      for (int i = 0; !stop.get(); i++) {
        Connection c = i % 2 == 0 ? old : current;
        try (Statement s = c.createStatement()) {
          s.execute(
              "WITH o AS (INSERT INTO orders (customer) VALUES ('writer "
                  + i
                  + "') RETURNING id)"
                  + " INSERT INTO order_lines (id, order_id, qty) SELECT "
                  + (300000 + i)
                  + ", id, 1 FROM o");
        }
        written.incrementAndGet();
      }
    } catch (Throwable e) {
      synchronized (failures) {
        failures.add(e);
      }
    }
  }
}
