package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The constraint examples under {@code src/test/resources/constraints} (docs/ARCHITECTURE.md,
 * "Constraints"): a baseline of customers, regions and orders; migration 1 adds a check with {@code
 * up} and two foreign keys (one composite) to orders; migration 2 creates shipments with its check
 * and foreign key, adds a column with a check, and makes customer emails unique; migration 3
 * renames the check, drops a foreign key and adds one that references the unique emails.
 */
final class ConstraintExamples {

  static final String PACKAGE = "com.example.shop";
  static final String PLAN = PACKAGE + ".StraddlePlan";

  /** Release 1 ships migrations 1 and 2; release 2 adds migration 3. */
  static final List<String> RELEASE1 = List.of("Baseline", "CheckOrders", "Shipments");

  static final List<String> RELEASE2 =
      List.of("Baseline", "CheckOrders", "Shipments", "ContactByEmail");

  static final List<String> FOLDERS =
      List.of(
          "1_orders_positive_quantities_known",
          "2_shipments_discounts_and_unique_customer",
          "3_orders_name_their_contact_by_email");

  private ConstraintExamples() {}

  static Compilation compile(List<String> classes) {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            classes.stream()
                .map(
                    c -> JavaFileObjects.forResource("constraints/com/example/shop/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }

  /** The baseline tables before migration 1. */
  static String setup(int orders) {
    return "CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n"
        + "CREATE TABLE regions (country text, code text, PRIMARY KEY (country, code));\n"
        + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, quantity integer,"
        + " country text, region_code text, contact_email text);\n"
        + "INSERT INTO customers SELECT g, 'c' || g || '@example.com'"
        + " FROM generate_series(1, 1000) g;\n"
        + "INSERT INTO regions VALUES ('de', 'be'), ('de', 'by'), ('fr', 'idf');\n"
        + "INSERT INTO orders (id, customer_id, quantity, country, region_code)"
        + " SELECT g, g % 1000 + 1, g % 7 - 2,"
        + " CASE g % 3 WHEN 0 THEN 'de' WHEN 1 THEN 'fr' END,"
        + " CASE g % 3 WHEN 0 THEN 'be' WHEN 1 THEN 'idf' END"
        + " FROM generate_series(1, "
        + orders
        + ") g;\n"
        + "ANALYZE customers, regions, orders";
  }
}
