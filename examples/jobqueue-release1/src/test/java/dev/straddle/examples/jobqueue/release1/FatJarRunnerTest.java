package dev.straddle.examples.jobqueue.release1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * Issue 19, the runner from a Spring Boot fat jar: the application's classes (with the generated
 * plan) under {@code BOOT-INF/classes}, the runtime and the driver under {@code BOOT-INF/lib}, as
 * Spring Boot's own {@link Repackager} (what {@code spring-boot-maven-plugin}'s {@code repackage}
 * runs) writes it. {@code java -cp app.jar <plan class>} cannot find the plan (the JVM reads no
 * class below {@code BOOT-INF/}); Spring Boot's {@code PropertiesLauncher} with {@code
 * -Dloader.main=<plan class>} runs every command of the runner from that jar (README, "Integrations
 * → A Spring Boot fat jar").
 */
@ExtendWith(PostgresExtension.class)
class FatJarRunnerTest {

  static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

  @Test
  void propertiesLauncherRunsThePlanFromBootInfClasses(TestDatabase db, @TempDir Path dir)
      throws Exception {
    File app = fatJar(dir);
    try (JarFile jar = new JarFile(app)) {
      assertNotNull(
          jar.getEntry(
              "BOOT-INF/classes/" + StraddlePlan.class.getName().replace('.', '/') + ".class"));
      assertNotNull(jar.getEntry(LAUNCHER.replace('.', '/') + ".class"));
      assertTrue(
          jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/lib/straddle-runtime")),
          "the runtime is a nested jar");
    }

    Run plain =
        java(dir, List.of("-cp", app.toString(), StraddlePlan.class.getName()), db, "status");
    assertEquals(1, plain.code, plain.output);
    assertTrue(
        plain.output.contains("Could not find or load main class " + StraddlePlan.class.getName()),
        plain.output);

    List<String> launcher =
        List.of("-cp", app.toString(), "-Dloader.main=" + StraddlePlan.class.getName(), LAUNCHER);
    Run migrate = java(dir, launcher, db, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, migrate.code, migrate.output);
    assertTrue(migrate.output.contains("ok command=migrate"), migrate.output);
    Run status = java(dir, launcher, db, "status");
    assertEquals(StraddleCli.OK, status.code, status.output);
    assertTrue(status.output.contains("straddle head=" + new StraddlePlan().head()), status.output);
    assertTrue(status.output.contains("migration id=1 phase="), status.output);
    Run baseline = java(dir, launcher, db, "baseline");
    assertEquals(StraddleCli.OK, baseline.code, baseline.output);
    assertTrue(baseline.output.contains("name = \"jobs\""), baseline.output);
  }

  private record Run(int code, String output) {}

  /** Runs {@code java <jvm> <command> --url ...} in a process of its own. */
  private static Run java(Path dir, List<String> jvm, TestDatabase db, String... command)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    args.add("-XX:TieredStopAtLevel=1");
    args.addAll(jvm);
    args.addAll(List.of(command));
    args.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user()));
    if (!db.password().isEmpty()) {
      args.addAll(List.of("--password", db.password()));
    }
    File log = Files.createTempFile(dir, "run", ".log").toFile();
    Process process =
        new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log).start();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the runner did not finish: " + args);
    return new Run(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
  }

  /**
   * The application jar (this module's classes) repackaged with the runtime, the plan records, the
   * driver and SLF4J as nested libraries.
   */
  static File fatJar(Path dir) throws Exception {
    File app = jarOf(StraddlePlan.class, dir, "app.jar");
    List<File> libraries = new ArrayList<>();
    for (Class<?> type :
        List.of(
            StraddleCli.class,
            MigrationPlan.class,
            JobQueueRelease.class,
            org.postgresql.Driver.class,
            org.slf4j.LoggerFactory.class)) {
      libraries.add(jarOf(type, dir, type.getSimpleName().toLowerCase() + ".jar"));
    }
    Repackager repackager = new Repackager(app);
    repackager.setMainClass(StraddlePlan.class.getName());
    File fat = dir.resolve("app-boot.jar").toFile();
    repackager.repackage(
        fat,
        callback -> {
          for (File library : libraries) {
            callback.library(new Library(library, LibraryScope.RUNTIME));
          }
        });
    return fat;
  }

  /**
   * The jar {@code type} was loaded from; a class directory (a reactor build before {@code
   * package}) is put in a jar named {@code name} first, so the nested library keeps the module's
   * artifact name when it has one.
   */
  private static File jarOf(Class<?> type, Path dir, String name)
      throws IOException, URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(location)) {
      return location.toFile();
    }
    String module = location.getParent().getParent().getFileName().toString();
    Path jar =
        dir.resolve(
            type == StraddleCli.class
                ? "straddle-runtime.jar"
                : type == StraddlePlan.class ? name : module + "-" + name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(location)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(location.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    return jar.toFile();
  }
}
