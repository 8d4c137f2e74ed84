package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The referenced-key widening under {@code src/test/resources/keys}: migration 1 widens the serial
 * integer primary key of {@code orders} and {@code order_lines.order_id}, whose foreign key (ON
 * DELETE CASCADE, known only to the live catalog) references it, to {@code bigint}.
 */
final class KeyExamples {

  static final String PLAN = "com.example.keys.StraddlePlan";
  static final List<String> CLASSES = List.of("Baseline", "WidenOrderKey");
  static final List<String> FOLDERS = List.of("1_orders_bigint_key_and_references");

  /** The tables before migration 1: {@code orders} orders with two lines each. */
  static String setup(int orders) {
    return "CREATE TABLE orders (id serial PRIMARY KEY, customer text);\n"
        + "CREATE TABLE order_lines (id bigint PRIMARY KEY,"
        + " order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
        + " qty integer NOT NULL);\n"
        + "INSERT INTO orders (customer) SELECT 'customer ' || g FROM generate_series(1, "
        + orders
        + ") g;\n"
        + "INSERT INTO order_lines (id, order_id, qty) SELECT g, (g + 1) / 2, g % 7 + 1"
        + " FROM generate_series(1, "
        + 2 * orders
        + ") g;\n"
        + "ANALYZE orders, order_lines";
  }

  private KeyExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(c -> JavaFileObjects.forResource("keys/com/example/keys/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
