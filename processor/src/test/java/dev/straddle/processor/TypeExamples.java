package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The column type change examples under {@code src/test/resources/types}: migration 1 widens a NOT
 * NULL integer column with a default through a shadow column, and a varchar and a numeric in the
 * catalog alone; migration 2 widens the serial integer primary key of a table no foreign key
 * references.
 */
final class TypeExamples {

  static final String PACKAGE = "com.example.types";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES = List.of("Baseline", "WidenCounters", "WidenVisitKey");
  static final List<String> FOLDERS =
      List.of("1_counters_wider_hits_label_and_score", "2_visits_bigint_key");
  static final List<String> TABLES = List.of("counters", "visits");

  /** The tables as they are before migration 1, {@code rows} rows each. */
  static String setup(int rows) {
    return "CREATE TABLE counters (id bigint PRIMARY KEY, hits integer NOT NULL DEFAULT 0,"
        + " label varchar(20), score numeric(8,2));\n"
        + "CREATE TABLE visits (id serial PRIMARY KEY, note text);\n"
        + "INSERT INTO counters (id, hits, label, score) SELECT g, g * 7, 'label ' || g,"
        + " g / 100.0 FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "INSERT INTO visits (note) SELECT 'visit ' || g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE counters, visits";
  }

  private TypeExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(c -> JavaFileObjects.forResource("types/com/example/types/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
