package dev.straddle.processor.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.dsl.Migration;
import dev.straddle.processor.reading.AnnotationReader;
import java.io.IOException;
import java.lang.annotation.Repeatable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry of operation kinds covers the DSL: every operation annotation of {@code
 * dev.straddle.dsl} has exactly one kind, and the processor claims it and its repeatable container.
 */
class OperationKindsTest {

  private static final String DSL = "dev.straddle.dsl";

  /** The annotations that are not table operations (containers are nested and never listed). */
  private static final Set<String> NOT_OPERATIONS =
      Set.of(
          "Migration",
          "ExistingTable",
          "ExistingIndex",
          "ExistingEnum",
          "Column",
          "Procedure",
          "ExistingProcedure");

  @Test
  void everyOperationAnnotationOfTheDslHasOneRegisteredKind() throws Exception {
    Set<String> operations = new TreeSet<>();
    for (Class<?> annotation : dslAnnotations()) {
      if (!NOT_OPERATIONS.contains(annotation.getSimpleName())) {
        operations.add(annotation.getSimpleName());
      }
    }
    assertFalse(operations.isEmpty(), "no operation annotation found in " + DSL);
    List<String> registered = OperationKinds.ALL.stream().map(OperationKind::annotation).toList();
    assertEquals(
        operations, new TreeSet<>(registered), "operation annotations vs registered kinds");
    assertEquals(
        registered.size(), Set.copyOf(registered).size(), "a kind registered twice: " + registered);
  }

  @Test
  void eachKindClassIsRegisteredOnce() {
    List<Class<?>> classes = new ArrayList<>();
    OperationKinds.ALL.forEach(kind -> classes.add(kind.getClass()));
    assertEquals(classes.size(), Set.copyOf(classes).size(), "registered twice: " + classes);
  }

  @Test
  void theProcessorClaimsEachKindsAnnotationAndItsContainer() throws ClassNotFoundException {
    for (OperationKind<?> kind : OperationKinds.ALL) {
      String name = DSL + "." + kind.annotation();
      Repeatable repeatable = Class.forName(name).getAnnotation(Repeatable.class);
      assertNotNull(repeatable, name + " is not repeatable");
      assertEquals(name + ".List", repeatable.value().getCanonicalName(), name + "'s container");
      assertTrue(AnnotationReader.SUPPORTED.contains(name), name);
      assertTrue(AnnotationReader.SUPPORTED.contains(name + ".List"), name + ".List");
    }
  }

  /**
   * Every kind has its line in the README's operations table and its row in docs/ARCHITECTURE.md's
   * "Operations → phases" table: a table row that starts with the annotation.
   */
  @Test
  void everyKindIsInTheReadmeOperationsTableAndTheArchitecturePhasesTable() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> readme = Files.readAllLines(root.resolve("README.md"));
    List<String> architecture = Files.readAllLines(root.resolve("docs/ARCHITECTURE.md"));
    List<String> missing = new ArrayList<>();
    for (OperationKind<?> kind : OperationKinds.ALL) {
      String row = "| `@" + kind.annotation();
      if (readme.stream().noneMatch(line -> startsRow(line, row))) {
        missing.add("README.md: @" + kind.annotation());
      }
      if (architecture.stream().noneMatch(line -> startsRow(line, row))) {
        missing.add("docs/ARCHITECTURE.md: @" + kind.annotation());
      }
    }
    assertEquals(List.of(), missing, "operation kinds without their table row");
  }

  private static boolean startsRow(String line, String row) {
    return line.startsWith(row + "`") || line.startsWith(row + "(") || line.startsWith(row + " ");
  }

  /** The top-level annotation types of the DSL module, from its classes directory or jar. */
  private static List<Class<?>> dslAnnotations()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path location =
        Path.of(Migration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String folder = DSL.replace('.', '/') + "/";
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(folder))) {
        files.forEach(f -> entries.add(folder + f.getFileName()));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          entries.add(e.nextElement().getName());
        }
      }
    }
    List<Class<?>> out = new ArrayList<>();
    for (String entry : entries) {
      if (!entry.startsWith(folder) || !entry.endsWith(".class")) {
        continue;
      }
      String simple = entry.substring(folder.length(), entry.length() - ".class".length());
      if (simple.contains("/") || simple.contains("$") || simple.equals("package-info")) {
        continue;
      }
      Class<?> type = Class.forName(DSL + "." + simple);
      if (type.isAnnotation()) {
        out.add(type);
      }
    }
    return out;
  }
}
