package dev.straddle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code n} generated migration classes (package {@code gen}) over {@value #TABLES} tables: each
 * adds a column, every other one with an {@code up} expression (a sync fragment), as a long-lived
 * application accumulates them. Also the same changes as Flyway SQL migrations.
 */
final class GeneratedMigrations {

  static final int TABLES = 10;

  private GeneratedMigrations() {}

  /** Writes the Java sources under {@code dir/gen}; returns the files. */
  static List<Path> writeJava(Path dir, int n) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("gen"));
    List<Path> files = new ArrayList<>();
    StringBuilder baseline = new StringBuilder("package gen;\n\nimport dev.straddle.dsl.*;\n\n");
    for (int t = 0; t < TABLES; t++) {
      baseline.append(
          String.format(
              "@ExistingTable(name = \"t%d\", columns = {\n"
                  + "    @Column(name = \"id\", type = \"bigint\", notNull = true, primaryKey ="
                  + " true),\n"
                  + "    @Column(name = \"v\", type = \"integer\", notNull = true)})\n",
              t));
    }
    baseline.append("final class Baseline {}\n");
    files.add(Files.writeString(pkg.resolve("Baseline.java"), baseline));
    for (int i = 1; i <= n; i++) {
      String up = i % 2 == 0 ? ", up = \"v * " + i + "\"" : "";
      String source =
          String.format(
              "package gen;%n%n"
                  + "import dev.straddle.dsl.AddColumn;%n"
                  + "import dev.straddle.dsl.Migration;%n%n"
                  + "/** Generated migration %d. */%n"
                  + "@Migration(id = %d, description = \"Add t%d.c%d\")%n"
                  + "@AddColumn(table = \"t%d\", column = \"c%d\", type = \"integer\"%s)%n"
                  + "final class M%04d {}%n",
              i, i, i % TABLES, i, i % TABLES, i, up, i);
      files.add(Files.writeString(pkg.resolve(String.format("M%04d.java", i)), source));
    }
    return files;
  }

  /** The same columns as Flyway SQL migrations {@code V1__...sql .. Vn__...sql} in {@code dir}. */
  static void writeFlywaySql(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    for (int i = 1; i <= n; i++) {
      Files.writeString(
          dir.resolve("V" + i + "__add_t" + (i % TABLES) + "_c" + i + ".sql"),
          "ALTER TABLE t" + (i % TABLES) + " ADD COLUMN c" + i + " integer;\n");
    }
  }

  /** The tables the migrations start from. */
  static String baselineSql() {
    StringBuilder sql = new StringBuilder();
    for (int t = 0; t < TABLES; t++) {
      sql.append("CREATE TABLE t")
          .append(t)
          .append(" (id bigint PRIMARY KEY, v integer NOT NULL);");
    }
    return sql.toString();
  }

  /**
   * An application's compile classpath: the annotations, the plan, the runtime (the plan class's
   * {@code main} runs its CLI) and its logging API.
   */
  static String classpath() {
    return locations(
        "dev.straddle.dsl.Migration",
        "dev.straddle.plan.MigrationPlan",
        "dev.straddle.runtime.Straddle",
        "org.slf4j.Logger");
  }

  /** The processor's path: the processor and what it uses (no runtime, no JDBC, no SLF4J). */
  static String processorPath() {
    return locations(
        "dev.straddle.processor.StraddleProcessor",
        "dev.straddle.dsl.Migration",
        "dev.straddle.plan.MigrationPlan",
        "com.palantir.javapoet.JavaFile");
  }

  /** The class path entries that hold {@code classes}. */
  static String locations(String... classes) {
    List<String> entries = new ArrayList<>();
    for (String name : classes) {
      try {
        Class<?> type = Class.forName(name, false, GeneratedMigrations.class.getClassLoader());
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
        throw new IllegalStateException("cannot locate " + name + " on the bench classpath", e);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
