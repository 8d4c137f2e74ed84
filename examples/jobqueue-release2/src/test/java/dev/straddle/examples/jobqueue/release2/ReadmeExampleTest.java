package dev.straddle.examples.jobqueue.release2;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's worked example shows this release's generated SQL, and its compatibility window this
 * release's compatibility matrix: every line it shows must be a line of the file the processor
 * wrote, in the same order (the README leaves out comments, the procedure statements and the
 * matrix's introduction, never changes a line).
 */
class ReadmeExampleTest {

  private static final String DIRECTORY = "META-INF/straddle/2_split_the_abort_request_out_of_job/";

  @ParameterizedTest
  @ValueSource(strings = {"expand.sql", "backfill.sql", "contract.sql", "rollback.sql"})
  void everyLineTheReadmeShowsIsGeneratedInThatOrder(String file) throws IOException {
    assertShownInOrder(file, generated(DIRECTORY + file));
  }

  @Test
  void theCompatibilityMatrixTheReadmeShowsIsGenerated() throws IOException {
    assertShownInOrder("compatibility.md", generated("META-INF/straddle/compatibility.md"));
  }

  private static void assertShownInOrder(String file, List<String> generated) throws IOException {
    List<String> shown = readmeBlock(file);
    assertTrue(shown.size() > 1, "README's " + file + " block is empty");
    int at = 0;
    for (String line : shown) {
      int found = generated.subList(at, generated.size()).indexOf(line);
      assertTrue(
          found >= 0,
          "README's " + file + " shows a line the processor does not write (here): " + line);
      at += found + 1;
    }
  }

  /** The non-blank lines of the fenced block that follows {@code `file`} in the README. */
  private static List<String> readmeBlock(String file) throws IOException {
    String readme = Files.readString(Path.of("../../README.md"));
    int title = readme.indexOf("\n`" + file + "`");
    assertTrue(title >= 0, "README has no `" + file + "` block");
    int fence = readme.indexOf("```", title);
    int start = readme.indexOf('\n', fence) + 1;
    int end = readme.indexOf("```", start);
    return readme.substring(start, end).lines().filter(l -> !l.isBlank()).toList();
  }

  private static List<String> generated(String resource) throws IOException {
    try (InputStream in = ReadmeExampleTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, "the processor wrote no " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
