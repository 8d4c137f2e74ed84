package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The volatile-default examples under {@code src/test/resources/volatile}: one table per kind of
 * volatile default (gen_random_uuid(), a sequence, clock_timestamp(), random()), each with a
 * migration that adds a column with such a default and renames a column that has one; migration 5
 * renames the serial column migration 2 adds.
 */
final class VolatileExamples {

  static final String PACKAGE = "com.example.vol";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES =
      List.of("Baseline", "Tokens", "Tickets", "Events", "Samples", "Positions");
  static final List<String> FOLDERS =
      List.of(
          "1_tokens_a_secret_per_row_token_renamed",
          "2_tickets_a_position_per_row_number",
          "3_events_recorded_at_seen_at_renamed",
          "4_samples_jitter_weight_renamed",
          "5_tickets_position_renamed_to_place");
  static final List<String> TABLES = List.of("tokens", "tickets", "events", "samples");

  /** The tables as they are before migration 1, {@code rows} rows each. */
  static String setup(int rows) {
    return "CREATE TABLE tokens (id bigint PRIMARY KEY,"
        + " token uuid NOT NULL DEFAULT gen_random_uuid());\n"
        + "CREATE TABLE tickets (id bigint PRIMARY KEY, number bigserial NOT NULL);\n"
        + "CREATE TABLE events (id bigint PRIMARY KEY,"
        + " seen_at timestamptz NOT NULL DEFAULT clock_timestamp());\n"
        + "CREATE TABLE samples (id bigint PRIMARY KEY,"
        + " weight double precision NOT NULL DEFAULT random());\n"
        + "INSERT INTO tokens (id) SELECT g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "INSERT INTO tickets (id) SELECT g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "INSERT INTO events (id) SELECT g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "INSERT INTO samples (id) SELECT g FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE tokens, tickets, events, samples";
  }

  private VolatileExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(c -> JavaFileObjects.forResource("volatile/com/example/vol/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
