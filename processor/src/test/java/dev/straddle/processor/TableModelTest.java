package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * The schema model through table renames and drops (docs/ARCHITECTURE.md, "Tables"): later
 * migrations use the new name, foreign keys follow a rename, and a foreign key dropped before the
 * table it references lets the drop compile.
 */
class TableModelTest {

  private static final String QUEUES =
      """
      @Migration(id = 1, description = "queues")
      @CreateTable(name = "queues", columns = {
          @Column(name = "id", type = "bigserial", primaryKey = true),
          @Column(name = "name", type = "text", notNull = true)})
      @AddUnique(table = "queues", name = "queues_name_key", columns = "name")
      class Queues {}
      @Migration(id = 2, description = "reference queue names")
      @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
          references = "queues", referencedColumns = "name")
      class Reference {}
      """;

  @Test
  void laterMigrationsUseTheNewNameAndItsForeignKeysFollow() {
    Compilation compilation =
        compile(
            QUEUES
                + """
                @Migration(id = 3, description = "rename")
                @RenameTable(from = "queues", to = "lanes")
                class Rename {}
                @Migration(id = 4, description = "use the new name")
                @AddColumn(table = "lanes", column = "note", type = "text")
                @CreateIndex(table = "lanes", name = "lanes_note_idx", columns = "note")
                class Use {}
                @Migration(id = 5, description = "drop the lanes")
                @DropTable(name = "lanes")
                class Drop {}
                """);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[StraddleTableReferenced] table \"lanes\" is referenced by foreign key"
                + " \"jobs_queue_fk\" of table \"jobs\"");
  }

  @Test
  void aForeignKeyDroppedBeforeTheTableInTheSameMigrationLetsTheDropCompile() {
    Compilation compilation =
        compile(
            QUEUES
                + """
                @Migration(id = 3, description = "drop the queues")
                @DropConstraint(table = "jobs", name = "jobs_queue_fk")
                @DropTable(name = "queues")
                class Drop {}
                @Migration(id = 4, description = "a new table of the old name")
                @CreateTable(name = "queues", columns = {
                    @Column(name = "id", type = "bigint", primaryKey = true)})
                class Again {}
                """);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aForeignKeyDroppedAfterTheTableDoesNot() {
    Compilation compilation =
        compile(
            QUEUES
                + """
                @Migration(id = 3, description = "drop the queues")
                @DropTable(name = "queues")
                @DropConstraint(table = "jobs", name = "jobs_queue_fk")
                class Drop {}
                """);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[StraddleTableReferenced]");
  }

  private static Compilation compile(String body) {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(
            JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"),
            JavaFileObjects.forSourceString(
                "test.Case", "package test;\nimport dev.straddle.dsl.*;\n" + body));
  }
}
