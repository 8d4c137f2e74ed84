package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The enum type examples under {@code src/test/resources/enums} (docs/ARCHITECTURE.md, "Enum
 * types"): a baseline enum {@code job_status} on {@code jobs.status}; migration 1 creates {@code
 * priority_level} for a new column and adds the status {@code paused}; migration 2 replaces the
 * status {@code cancelled} by a boolean flag (the motivating case) and renames a priority.
 */
final class EnumExamples {

  static final String PACKAGE = "com.example.enums";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES = List.of("Baseline", "AddPriority", "ReplaceCancelledByFlag");
  static final List<String> FOLDERS =
      List.of("1_job_priorities_and_a_paused_status", "2_replace_the_cancelled_status_by_a_flag");

  /** The schema before migration 1, {@code rows} jobs, every fourth one cancelled. */
  static String setup(int rows) {
    return "CREATE TYPE job_status AS ENUM ('queued', 'running', 'done', 'cancelled');\n"
        + "CREATE TABLE jobs (id bigserial PRIMARY KEY,"
        + " status job_status NOT NULL DEFAULT 'queued', note text,"
        + " CONSTRAINT jobs_status_known CHECK (status <> 'running' OR note IS NULL));\n"
        + "CREATE INDEX jobs_waiting_idx ON jobs (id) WHERE status = 'queued';\n"
        + "INSERT INTO jobs (status) SELECT (ARRAY['queued', 'running', 'done',"
        + " 'cancelled'])[1 + g % 4]::job_status FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE jobs";
  }

  private EnumExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(c -> JavaFileObjects.forResource("enums/com/example/enums/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
