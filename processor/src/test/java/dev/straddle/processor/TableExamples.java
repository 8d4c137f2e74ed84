package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The table examples under {@code src/test/resources/tables} (docs/ARCHITECTURE.md, "Tables",
 * "Replica identity", "Raw SQL"): a baseline of orders, customers and legacy notes; migration 1
 * renames orders to purchases and sets the customers' replica identity to FULL; migration 2 adds a
 * backfilled column to purchases (by its new name) and moves the replica identity to the primary
 * key's index; migration 3 drops the legacy notes and runs raw SQL in every slot.
 */
final class TableExamples {

  static final String PACKAGE = "com.example.tables";
  static final String PLAN = PACKAGE + ".StraddlePlan";

  /** Release 1 ships migrations 1 and 2; release 2 adds migration 3. */
  static final List<String> RELEASE1 = List.of("Baseline", "RenameOrders", "PurchaseTotals");

  static final List<String> RELEASE2 =
      List.of("Baseline", "RenameOrders", "PurchaseTotals", "DropLegacyNotes");

  static final List<String> FOLDERS =
      List.of(
          "1_rename_orders_to_purchases",
          "2_purchases_know_their_total",
          "3_drop_the_legacy_notes_mark_old_purchases");

  private TableExamples() {}

  static Compilation compile(List<String> classes) {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            classes.stream()
                .map(c -> JavaFileObjects.forResource("tables/com/example/tables/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }

  /** The baseline tables before migration 1, with {@code orders} rows. */
  static String setup(int orders) {
    return "CREATE TABLE orders (id bigserial PRIMARY KEY, item text NOT NULL,"
        + " qty integer NOT NULL DEFAULT 1, code text UNIQUE);\n"
        + "CREATE INDEX orders_item_idx ON orders (item);\n"
        + "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n"
        + "CREATE TABLE legacy_notes (id bigint PRIMARY KEY, body text);\n"
        + "INSERT INTO orders (item, qty) SELECT 'item' || (g % 10), g % 5 + 1"
        + " FROM generate_series(1, "
        + orders
        + ") g;\n"
        + "INSERT INTO customers VALUES (1, 'a@example.com');\n"
        + "INSERT INTO legacy_notes VALUES (1, 'old');\n"
        + "ANALYZE orders";
  }
}
