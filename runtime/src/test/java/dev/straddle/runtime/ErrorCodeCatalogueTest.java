package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.runtime.cli.StraddleCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's error catalogue ({@link ErrorCode}) is complete: every code is raised somewhere,
 * documented in docs/RUNTIME.md with its exit code, and asserted by a test (but the few listed
 * below, which a test cannot provoke on a real database without a fault injector).
 */
class ErrorCodeCatalogueTest {

  /**
   * Not asserted by a test: an interrupt while waiting for the run lock or a retry; a table without
   * primary key reaching the backfill (the preflight refuses it first, {@link
   * ErrorCode#PREFLIGHT}).
   */
  static final Set<ErrorCode> UNTESTED =
      EnumSet.of(ErrorCode.INTERRUPTED, ErrorCode.NO_PRIMARY_KEY);

  static final Path MAIN = Path.of("src/main/java");
  static final Path TESTS = Path.of("src/test/java");
  static final Path RUNTIME_MD = Path.of("../docs/RUNTIME.md");

  @Test
  void idsAreUniqueAndNamedLikeTheProcessors() {
    Set<String> seen = new HashSet<>();
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(code.id().matches("Straddle[A-Z][A-Za-z]+"), code.id());
      assertTrue(seen.add(code.id()), "duplicate id " + code.id());
    }
  }

  @Test
  void everyCodeIsRaisedByTheRuntime() {
    String main = sources(MAIN, "ErrorCode.java");
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(main.contains("ErrorCode." + code.name()), code + " is never used");
    }
  }

  @Test
  void everyCodeIsDocumentedWithItsExitCode() throws IOException {
    String doc = Files.readString(RUNTIME_MD);
    for (ErrorCode code : ErrorCode.values()) {
      String row = "| `" + code.id() + "` | " + code.exitCode() + " |";
      assertTrue(doc.contains(row), "docs/RUNTIME.md has no row starting " + row);
    }
  }

  @Test
  void everyCodeIsAssertedByATest() {
    String tests = sources(TESTS, getClass().getSimpleName() + ".java");
    for (ErrorCode code : ErrorCode.values()) {
      boolean tested =
          tests.contains("ErrorCode." + code.name())
              || tests.contains(code.id() + "]")
              || tests.contains("id=" + code.id());
      assertTrue(tested || UNTESTED.contains(code), code.id() + " has no test");
      assertTrue(
          !(tested && UNTESTED.contains(code)), code.id() + " is tested: drop it from UNTESTED");
    }
  }

  @Test
  void kindsMapToTheCommandLinesExitCodes() {
    assertEquals(StraddleCli.REFUSED, StraddleException.Kind.REFUSED.exitCode());
    assertEquals(StraddleCli.FAILED, StraddleException.Kind.FAILED.exitCode());
  }

  @Test
  void aMessageStartsWithItsIdAndNamesMigrationPhaseAndStatement() {
    StraddleException e =
        StraddleException.at(
            7,
            Transition.EXPAND,
            "ALTER TABLE t\nADD c int",
            null,
            ErrorCode.STATEMENT_FAILED,
            "42P01",
            "boom",
            "");
    assertEquals(
        "[StraddleStatementFailed] migration 7, expand: failed (SQLSTATE 42P01): boom\n"
            + "  statement: ALTER TABLE t\n"
            + "    ADD c int",
        e.getMessage());
    assertEquals(ErrorCode.STATEMENT_FAILED, e.code());
    assertEquals(StraddleException.Kind.FAILED, e.kind());
    assertEquals(7, e.migrationId());
    assertEquals(Transition.EXPAND, e.phase());
    StraddleException busy = StraddleException.of(ErrorCode.RUN_LOCK_BUSY, "s", 1, 2, 300L);
    assertTrue(busy.getMessage().startsWith("[StraddleRunLockBusy] another Straddle runner"));
    assertEquals(3, busy.exitCode());
  }

  private static String sources(Path root, String except) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> java =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.getFileName().toString().equals(except))
              .toList();
      return java.stream().map(ErrorCodeCatalogueTest::read).collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
