package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The index examples under {@code src/test/resources/indexes} (docs/ARCHITECTURE.md, "Indexes"): a
 * baseline table of accounts with three indexes Straddle did not create (one declared with
 * {@code @ExistingIndex}); migration 1 adds a column and builds an index of every method, with
 * operator classes, {@code INCLUDE}, storage parameters and expressions; migration 2 drops two
 * legacy indexes and renames a legacy one and one of migration 1; migration 3 drops that one by its
 * new name.
 */
final class IndexExamples {

  static final String PACKAGE = "com.example.accounts";
  static final String PLAN = PACKAGE + ".StraddlePlan";

  static final List<String> RELEASE1 = List.of("Baseline", "IndexAccounts");
  static final List<String> RELEASE2 = List.of("Baseline", "IndexAccounts", "AdoptLegacyIndexes");

  /** Migration 3 drops the index migration 2 renames at its contract. */
  static final List<String> RELEASE3 =
      List.of("Baseline", "IndexAccounts", "AdoptLegacyIndexes", "DropRenamedIndex");

  static final List<String> FOLDERS =
      List.of("1_index_accounts_with_every_method", "2_drop_and_rename_the_legacy_indexes");

  private IndexExamples() {}

  static Compilation compile(List<String> classes) {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            classes.stream()
                .map(
                    c -> JavaFileObjects.forResource("indexes/com/example/accounts/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }

  /** The baseline table with its legacy indexes, and {@code rows} accounts. */
  static String setup(int rows) {
    return "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, profile jsonb, region text,"
        + " created_at timestamptz, location point, legacy_code text);\n"
        + "CREATE INDEX accounts_email_legacy_idx ON accounts (email);\n"
        + "CREATE INDEX accounts_created_legacy_idx ON accounts (created_at);\n"
        + "CREATE INDEX accounts_region_legacy_idx ON accounts (region);\n"
        + "INSERT INTO accounts SELECT g, 'User' || g || '@example.com',"
        + " jsonb_build_object('plan', CASE WHEN g % 10 = 0 THEN 'pro' ELSE 'free' END, 'n', g),"
        + " CASE WHEN g % 4 = 0 THEN NULL ELSE 'r' || (g % 5) END,"
        + " timestamptz '2024-01-01' + g * interval '1 minute', point(g % 100, g / 100), 'c' || g"
        + " FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE accounts";
  }
}
