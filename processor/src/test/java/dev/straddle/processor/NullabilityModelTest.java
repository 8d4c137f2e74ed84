package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.processor.validation.Message;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What {@code @SetNotNull}, {@code @DropNotNull}, {@code @SetDefault} and {@code @DropDefault}
 * leave in the schema model is what later migrations are checked against and copy.
 */
class NullabilityModelTest {

  private static final String HEADER = "package test;\nimport dev.straddle.dsl.*;\n";

  @Test
  void aColumnMadeNotNullNeedsDownToBeDropped() {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "note")
            @AddColumn(table = "jobs", column = "note", type = "text")
            class Note {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "jobs", column = "note", up = "''")
            class Required {}
            @Migration(id = 3, description = "drop")
            @DropColumn(table = "jobs", column = "note")
            class Drop {}
            """);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[" + Message.DROP_NOT_NULL_WITHOUT_DOWN.id() + "]");
  }

  @Test
  void aColumnMadeNullableIsDroppedWithoutDown() {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "optional")
            @DropNotNull(table = "jobs", column = "legacy_flags", down = "'{}'")
            class Optional {}
            @Migration(id = 2, description = "drop")
            @DropColumn(table = "jobs", column = "legacy_flags")
            class Drop {}
            """);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void twiceNotNullIsNothingToChange() {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "note")
            @AddColumn(table = "jobs", column = "note", type = "text")
            class Note {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "jobs", column = "note", up = "''")
            class Required {}
            @Migration(id = 3, description = "again")
            @SetNotNull(table = "jobs", column = "note", up = "''")
            class Again {}
            """);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("is already NOT NULL at migration 3");
  }

  /**
   * A rename copies the column as the model knows it: NOT NULL from {@code @SetNotNull}, and a
   * volatile default from {@code @SetDefault} set apart from {@code ADD COLUMN} (no rewrite).
   */
  @Test
  void aRenameCopiesNotNullAndTheDefaultSetBefore() throws Exception {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "note")
            @AddColumn(table = "jobs", column = "ref", type = "uuid")
            class Ref {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "jobs", column = "ref", up = "gen_random_uuid()")
            class Required {}
            @Migration(id = 3, description = "defaulted")
            @SetDefault(table = "jobs", column = "ref", defaultValue = "gen_random_uuid()")
            class Defaulted {}
            @Migration(id = 4, description = "renamed")
            @RenameColumn(table = "jobs", from = "ref", to = "reference")
            class Renamed {}
            """);
    assertThat(compilation).succeededWithoutWarnings();
    String expand =
        Examples.resource(compilation, "META-INF/straddle/4_renamed/expand.sql").orElseThrow();
    assertTrue(expand.contains("ALTER TABLE \"jobs\" ADD COLUMN \"reference\" uuid;"), expand);
    assertTrue(
        expand.contains(
            "ALTER TABLE \"jobs\" ALTER COLUMN \"reference\" SET DEFAULT (gen_random_uuid());"),
        expand);
    assertTrue(expand.contains("CHECK (\"reference\" IS NOT NULL) NOT VALID"), expand);
  }

  @Test
  void aDroppedDefaultIsNoLongerSuggestedAsUp() {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "note")
            @AddColumn(table = "jobs", column = "note", type = "text", defaultValue = "'none'")
            class Note {}
            @Migration(id = 2, description = "no default")
            @DropDefault(table = "jobs", column = "note")
            class NoDefault {}
            @Migration(id = 3, description = "required")
            @SetNotNull(table = "jobs", column = "note")
            class Required {}
            """);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[" + Message.SET_NOT_NULL_WITHOUT_UP.id() + "]");
    assertThat(compilation).hadErrorContaining("already hold NULL (the backfill gives them up)");
    assertTrue(
        compilation.errors().get(0).getMessage(null).endsWith("(the backfill gives them up)"),
        "no default to suggest");
  }

  /** A comment describes the schema as its migration leaves it, after the other statements. */
  @Test
  void aCommentMayDescribeWhatItsMigrationCreates() {
    Compilation compilation =
        compile(
            """
            @Migration(id = 1, description = "queues")
            @Comment(table = "queues", text = "Queues, one row each")
            @Comment(table = "jobs", column = "note", text = "Free text, 'quoted'")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true) })
            @AddColumn(table = "jobs", column = "note", type = "text")
            class Queues {}
            """);
    assertThat(compilation).succeededWithoutWarnings();
    String expand =
        Examples.resource(compilation, "META-INF/straddle/1_queues/expand.sql").orElseThrow();
    int create = expand.indexOf("CREATE TABLE \"queues\"");
    int add = expand.indexOf("ADD COLUMN \"note\"");
    int onTable = expand.indexOf("COMMENT ON TABLE \"queues\" IS 'Queues, one row each';");
    int onColumn =
        expand.indexOf("COMMENT ON COLUMN \"jobs\".\"note\" IS 'Free text, ''quoted''';");
    assertTrue(create >= 0 && add >= 0 && onTable > create && onColumn > add, expand);
  }

  private static Compilation compile(String body) {
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"), source);
  }
}
