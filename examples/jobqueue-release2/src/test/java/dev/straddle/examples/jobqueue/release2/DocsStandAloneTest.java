package dev.straddle.examples.jobqueue.release2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code and docs cite only files inside this repository: docs/ARCHITECTURE.md holds every concept
 * the code relies on, so nothing may point at a design document kept elsewhere.
 */
class DocsStandAloneTest {

  private static final Path ROOT = Path.of("../..");
  private static final Pattern OUTSIDE =
      Pattern.compile("DESIGN\\.md|DESIGN §|\\.\\./shared/|motivating discussion");

  @Test
  void noFileOfTheRepositoryCitesADocumentOutsideIt() throws IOException {
    List<String> citing;
    try (Stream<Path> files = Files.walk(ROOT)) {
      citing =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md"))
              .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
              .filter(p -> !p.endsWith("DocsStandAloneTest.java"))
              .filter(DocsStandAloneTest::citesOutside)
              .map(p -> ROOT.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), citing, "files citing a document outside the repository");
  }

  private static boolean citesOutside(Path file) {
    try {
      return OUTSIDE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
