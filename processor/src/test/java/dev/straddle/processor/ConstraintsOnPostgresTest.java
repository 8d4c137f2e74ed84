package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks, foreign keys and unique constraints through the runner while old code (head 0, then head
 * 2) and new code write (docs/ARCHITECTURE.md, "Constraints"): release 1 ships migrations 1 and 2
 * over a baseline of {@value #ORDERS} orders, release 2 ships migration 3. Every row is checked:
 * the check's {@code up} fixes old code's values and the old rows and nothing else, every
 * constraint holds for every writer from expand on, a row that breaks a foreign key fails the
 * contract (which changes nothing and succeeds once the row is fixed), the referential actions do
 * what they say, and renames and drops wait for contract.
 */
@ExtendWith(PostgresExtension.class)
class ConstraintsOnPostgresTest {

  static final int ORDERS = 5_000;

  /** The quantity of baseline order {@code id} as the backfill leaves it. */
  private static final String FIXED_QUANTITY =
      "CASE WHEN id % 7 - 2 > 0 THEN id % 7 - 2 ELSE 1 END";

  @Test
  void bothReleasesWriteThroughExpandBackfillAndContract(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    db.execute(ConstraintExamples.setup(ORDERS));
    // An order whose customer does not exist: the foreign key's validation must refuse it.
    db.execute(
        "INSERT INTO orders (id, customer_id, quantity) VALUES (" + (ORDERS + 1) + ", 424242, 3)");
    Straddle release1 = straddle(db, ConstraintExamples.RELEASE1);

    release1.expand(Backfill.DEFER);
    assertEquals(
        "orders_customer_fk:false orders_discount_range:false orders_gift_for_fk:false"
            + " orders_quantity_positive:false orders_region_fk:false shipments_order_fk:true"
            + " shipments_weight_positive:true",
        constraints(db, "'orders', 'shipments'"));

    // Old code (head 0) in the window: its values are fixed before the check sees them.
    write(db, 0, "INSERT INTO orders (id, customer_id, quantity) VALUES (10001, 1, -3)");
    write(db, 0, "UPDATE orders SET quantity = 0 WHERE id = 10");
    write(db, 0, "UPDATE orders SET quantity = 7 WHERE id = 11");
    // An update that leaves the quantity alone: the row it updates violates the check, and is
    // fixed too (PostgreSQL checks the whole new row).
    write(db, 0, "UPDATE orders SET country = country WHERE id = 2");
    assertEquals("1,1,7,1", quantities(db, "10001, 10, 11, 2"));
    assertEquals(0L, number(db, "SELECT discount FROM orders WHERE id = 10001"));
    // Foreign keys hold for old code's writes from expand on.
    assertState("23503", db, 0, "INSERT INTO orders (id, customer_id) VALUES (10002, 99999)");
    assertState(
        "23503", db, 0, "INSERT INTO orders (id, country, region_code) VALUES (10002, 'xx', 'yy')");
    // New code (head 2) knows the checks: nothing fixes its values.
    assertState("23514", db, 2, "INSERT INTO orders (id, quantity) VALUES (10003, -1)");
    assertState(
        "23514", db, 2, "INSERT INTO orders (id, quantity, discount) VALUES (10003, 1, 150)");
    write(
        db, 2, "INSERT INTO orders (id, customer_id, quantity, discount) VALUES (10003, 2, 5, 10)");
    write(db, 2, "INSERT INTO shipments (order_id, weight) VALUES (10003, 1.5)");
    assertState("23514", db, 2, "INSERT INTO shipments (order_id, weight) VALUES (10003, 0)");
    assertState("23503", db, 2, "INSERT INTO shipments (order_id, weight) VALUES (999999, 1)");
    assertState("23503", db, 2, "UPDATE orders SET gift_for = 99999 WHERE id = 10003");
    write(db, 2, "UPDATE orders SET gift_for = 3 WHERE id = 10003");
    // A duplicate email, written by old code before the unique index exists.
    write(db, 0, "UPDATE customers SET email = 'c1@example.com' WHERE id = 2");

    // The unique index cannot be built: the backfill fails naming it, migration 2 stays
    // expanded, and once the duplicate is resolved the next backfill builds it.
    StraddleException duplicate = assertThrows(StraddleException.class, release1::backfill);
    assertEquals(Integer.valueOf(2), duplicate.migrationId(), duplicate.getMessage());
    assertTrue(duplicate.getMessage().contains("customers_email_key"), duplicate.getMessage());
    assertEquals("backfilled expanded", phases(db));
    write(db, 0, "UPDATE customers SET email = 'c2@example.com' WHERE id = 2");

    release1.backfill();
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM orders WHERE id <= "
                + ORDERS
                + " AND id NOT IN (10, 11) AND quantity <> "
                + FIXED_QUANTITY),
        "the backfill fixes the violating old rows and keeps every other value");
    assertEquals("1,7,5", quantities(db, "10, 11, 10003"));
    assertEquals(
        "true",
        text(
            db,
            "SELECT indisvalid AND indisunique FROM pg_index"
                + " WHERE indexrelid = 'customers_email_key'::regclass"));
    // The unique index holds for old code from its build on.
    assertState("23505", db, 0, "UPDATE customers SET email = 'c1@example.com' WHERE id = 2");

    // The orphan order fails the contract, which changes nothing; fixed, the contract runs.
    StraddleException refused =
        assertThrows(
            StraddleException.class,
            () -> release1.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(Integer.valueOf(1), refused.migrationId(), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("VALIDATE CONSTRAINT \"orders_customer_fk\""),
        refused.getMessage());
    assertEquals("backfilled backfilled", phases(db));
    assertEquals(
        "false",
        text(
            db,
            "SELECT convalidated FROM pg_constraint" + " WHERE conname = 'orders_customer_fk'"));
    assertEquals(ORDERS + 3L, number(db, "SELECT count(*) FROM orders"));
    db.execute("UPDATE orders SET customer_id = 3 WHERE id = " + (ORDERS + 1));
    release1.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("contracted contracted", phases(db));
    assertEquals(
        "customers_email_key:true orders_customer_fk:true orders_discount_range:true"
            + " orders_gift_for_fk:true orders_quantity_positive:true orders_region_fk:true"
            + " shipments_order_fk:true shipments_weight_positive:true",
        constraints(db, "'orders', 'shipments', 'customers'"));
    assertEquals(
        "u",
        text(db, "SELECT contype FROM pg_constraint" + " WHERE conname = 'customers_email_key'"));

    // The referential actions: deleting a customer deletes its orders and their shipments, and
    // forgets it where it is a gift's recipient; a region's new code reaches its orders.
    long ordersOfCustomer3 = number(db, "SELECT count(*) FROM orders WHERE customer_id = 3");
    long before = number(db, "SELECT count(*) FROM orders");
    write(db, 2, "INSERT INTO shipments (order_id, weight) VALUES (" + (ORDERS + 1) + ", 2)");
    write(db, 2, "DELETE FROM customers WHERE id = 3");
    assertEquals(before - ordersOfCustomer3, number(db, "SELECT count(*) FROM orders"));
    assertEquals(
        1L, number(db, "SELECT count(*) FROM shipments"), "the shipment went with its order");
    assertEquals(null, text(db, "SELECT gift_for::text FROM orders WHERE id = 10003"));
    long inBerlin = number(db, "SELECT count(*) FROM orders WHERE region_code = 'be'");
    write(db, 2, "UPDATE regions SET code = 'ber' WHERE country = 'de' AND code = 'be'");
    assertEquals(inBerlin, number(db, "SELECT count(*) FROM orders WHERE region_code = 'ber'"));
    assertTrue(inBerlin > 0);

    // Release 2: migration 3 references the unique emails; the rename and the drop wait for
    // contract, so release 1 (head 2) keeps its constraints while both run.
    Straddle release2 = straddle(db, ConstraintExamples.RELEASE2);
    release2.expand(Backfill.DEFER);
    release2.backfill();
    assertState(
        "23503", db, 2, "UPDATE orders SET contact_email = 'nobody@example.com' WHERE id = 1");
    write(db, 3, "UPDATE orders SET contact_email = 'c5@example.com' WHERE id = 1");
    assertState("23503", db, 3, "INSERT INTO orders (id, customer_id) VALUES (10004, 99999)");
    assertEquals(
        1L,
        number(
            db, "SELECT count(*) FROM pg_constraint WHERE conname = 'orders_quantity_positive'"));
    release2.contractUpTo(3, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(
        "orders_contact_fk:true orders_discount_range:true orders_gift_for_fk:true"
            + " orders_quantity_check:true orders_region_fk:true",
        constraints(db, "'orders'"));
    write(db, 3, "INSERT INTO orders (id, customer_id) VALUES (10004, 99999)");
    write(db, 3, "UPDATE customers SET email = 'five@example.com' WHERE id = 5");
    assertEquals("five@example.com", text(db, "SELECT contact_email FROM orders WHERE id = 1"));
    write(db, 3, "DELETE FROM customers WHERE id = 5");
    assertEquals(null, text(db, "SELECT contact_email FROM orders WHERE id = 1"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM orders WHERE id <= "
                + ORDERS
                + " AND id NOT IN (10, 11) AND quantity <> "
                + FIXED_QUANTITY),
        "no value was lost");
  }

  private static Straddle straddle(TestDatabase db, java.util.List<String> classes)
      throws ReflectiveOperationException {
    Compilation compilation = ConstraintExamples.compile(classes);
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = ConstraintExamples.plan(compilation);
    return Straddle.configure(plan).dataSource(db.dataSource()).load();
  }

  /** {@code name:validated} of the tables' constraints, by name. */
  private static String constraints(TestDatabase db, String tables) throws SQLException {
    return text(
        db,
        "SELECT string_agg(conname || ':' || convalidated, ' ' ORDER BY conname)"
            + " FROM pg_constraint WHERE contype IN ('c', 'f', 'u')"
            + " AND conname NOT LIKE '%\\_not\\_null' AND conrelid::regclass::text IN ("
            + tables
            + ")");
  }

  private static String quantities(TestDatabase db, String ids) throws SQLException {
    return text(
        db,
        "SELECT string_agg(quantity::text, ',' ORDER BY array_position(ARRAY["
            + ids
            + "]::bigint[], id)) FROM orders WHERE id IN ("
            + ids
            + ")");
  }

  private static String phases(TestDatabase db) throws SQLException {
    return text(db, "SELECT string_agg(phase, ' ' ORDER BY id) FROM straddle.straddle_history");
  }

  /** The statement, written as code with {@code head}, fails with {@code sqlState}. */
  private static void assertState(String sqlState, TestDatabase db, int head, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> write(db, head, sql), sql);
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
  }
}
