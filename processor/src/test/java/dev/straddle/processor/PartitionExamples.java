package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The partitioned-table examples under {@code src/test/resources/partitions}: a baseline table
 * {@code events} partitioned by month; migration 1 renames a column, adds a NOT NULL column with an
 * {@code up} and builds an index on it; migration 2 creates a partitioned table.
 */
final class PartitionExamples {

  static final String PACKAGE = "com.example.partitions";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES = List.of("Baseline", "KindNames", "CreateAudits");
  static final List<String> FOLDERS =
      List.of("1_events_kind_name_and_payload_size", "2_event_audits_by_month");

  private PartitionExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(
                    c ->
                        JavaFileObjects.forResource(
                            "partitions/com/example/partitions/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
