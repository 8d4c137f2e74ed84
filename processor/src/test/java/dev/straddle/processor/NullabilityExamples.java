package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.util.List;

/**
 * The nullability and default examples under {@code src/test/resources/nullability}: one table,
 * {@code accounts}; migration 1 makes {@code email} NOT NULL ({@code @SetNotNull} with {@code up})
 * and {@code nickname} nullable ({@code @DropNotNull} with {@code down}), migration 2 sets the
 * defaults of {@code created_at} ({@code now()}) and {@code token} ({@code gen_random_uuid()}) and
 * drops the one of {@code plan}, migration 3 comments the table and {@code email}, migration 4
 * creates two tables with identity columns ({@code ALWAYS}, {@code BY_DEFAULT}).
 */
final class NullabilityExamples {

  static final String PACKAGE = "com.example.nulls";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES =
      List.of("Baseline", "EmailRequired", "AccountDefaults", "AccountComments", "AuditTables");
  static final List<String> FOLDERS =
      List.of(
          "1_accounts_email_required_nickname",
          "2_accounts_defaults_for_created_at_and",
          "3_accounts_comments",
          "4_audit_tables_numbered_by_identity");

  /**
   * The table as release 1 left it, {@code rows} rows: every third without an email, every row with
   * a nickname, the plan's default.
   */
  static String setup(int rows) {
    return "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text, nickname text NOT NULL,"
        + " plan text NOT NULL DEFAULT 'free', created_at timestamptz, token uuid);\n"
        + "INSERT INTO accounts (email, nickname)"
        + " SELECT CASE WHEN g % 3 = 0 THEN NULL ELSE 'a' || g || '@example.com' END, 'nick' || g"
        + " FROM generate_series(1, "
        + rows
        + ") g;\n"
        + "ANALYZE accounts";
  }

  private NullabilityExamples() {}

  static Compilation compile() {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            CLASSES.stream()
                .map(
                    c ->
                        JavaFileObjects.forResource("nullability/com/example/nulls/" + c + ".java"))
                .toList());
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) ProcedureExamples.load(compilation, PLAN).getConstructor().newInstance();
  }
}
