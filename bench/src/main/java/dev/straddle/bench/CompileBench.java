package dev.straddle.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Benchmark 5: what the annotation processor adds to a build. The same {@code n} generated
 * migration sources compiled by {@code javac} with the Straddle processor, with {@link
 * OutputsOnlyProcessor} (the Filer calls docs/ARCHITECTURE.md requires ("Concepts", what a build
 * generates) and nothing else: the floor) and with {@code -proc:none}, same classpath; in this JVM
 * after warm-up rounds and as fresh {@code javac} processes, the order rotating each round;
 * medians.
 */
final class CompileBench {

  /** How a compilation treats annotations. */
  enum Processing {
    NONE("without processor (-proc:none)"),
    OUTPUTS_ONLY("with a processor that only writes the outputs (floor)"),
    STRADDLE("with the Straddle processor");

    final String label;

    Processing(String label) {
      this.label = label;
    }

    List<String> options() {
      return switch (this) {
        case NONE -> List.of("-proc:none");
        case OUTPUTS_ONLY ->
            List.of(
                "-processorpath",
                GeneratedMigrations.locations(OutputsOnlyProcessor.class.getName()),
                "-processor",
                OutputsOnlyProcessor.class.getName());
        case STRADDLE ->
            List.of(
                "-processorpath",
                GeneratedMigrations.processorPath(),
                "-processor",
                "dev.straddle.processor.StraddleProcessor");
      };
    }
  }

  /** One way of running javac: in this JVM, or as a process. */
  private interface Compiler {
    double seconds(List<Path> sources, String classpath, Path out, Processing processing)
        throws IOException;
  }

  private final int migrations;
  private final int rounds;
  private final Path parent;

  /** {@code parent}: where the sources and outputs go (the disk's speed is part of the figures). */
  CompileBench(int migrations, int rounds, Path parent) {
    this.migrations = migrations;
    this.rounds = rounds;
    this.parent = parent;
  }

  void run(Report report) throws IOException {
    Path dir = Files.createTempDirectory(parent, "straddle-compile-bench");
    try {
      List<Path> sources = GeneratedMigrations.writeJava(dir.resolve("src"), migrations);
      String classpath = GeneratedMigrations.classpath();
      Map<Processing, List<Double>> inProcess =
          measure(CompileBench::compile, sources, classpath, dir.resolve("in"), 2);
      Map<Processing, List<Double>> forked =
          measure(CompileBench::forked, sources, classpath, dir.resolve("fork"), 0);
      report.section(
          String.format(
              "Compile time (%d generated migrations, median of %d; in-process after 2 warm-up"
                  + " rounds)",
              migrations, rounds),
          "| compilation | median s | min s | max s | vs without |");
      row(report, "in-process", inProcess);
      row(report, "`javac` process", forked);
      double none = Stats.median(forked.get(Processing.NONE));
      report.note(
          String.format(
              "Compile-time ratio with/without the processor: %.2f× in-process (javac warm, the"
                  + " processor loaded afresh by each task), %.2f× as a fresh `javac` process"
                  + " (what a build pays); the outputs-only floor: %.2f× as a process.",
              Stats.median(inProcess.get(Processing.STRADDLE))
                  / Stats.median(inProcess.get(Processing.NONE)),
              Stats.median(forked.get(Processing.STRADDLE)) / none,
              Stats.median(forked.get(Processing.OUTPUTS_ONLY)) / none));
    } finally {
      delete(dir);
    }
  }

  private Map<Processing, List<Double>> measure(
      Compiler compiler, List<Path> sources, String classpath, Path out, int warmup)
      throws IOException {
    Map<Processing, List<Double>> seconds = new EnumMap<>(Processing.class);
    Processing[] all = Processing.values();
    for (int round = 0; round < warmup + rounds; round++) {
      // Rotate which goes first, so none always gets the warmer JIT or file cache.
      for (int k = 0; k < all.length; k++) {
        Processing processing = all[(k + round) % all.length];
        double s =
            compiler.seconds(sources, classpath, out.resolve(round + "-" + processing), processing);
        if (round >= warmup) {
          seconds.computeIfAbsent(processing, p -> new ArrayList<>()).add(s);
        }
      }
    }
    return seconds;
  }

  private static void row(Report report, String how, Map<Processing, List<Double>> seconds) {
    double none = Stats.median(seconds.get(Processing.NONE));
    for (Processing processing : Processing.values()) {
      List<Double> s = seconds.get(processing);
      report.row(
          String.format(
              "| %s, %s | %.2f | %.2f | %.2f | %.2f× |",
              how,
              processing.label,
              Stats.median(s),
              Stats.min(s),
              Stats.max(s),
              Stats.median(s) / none));
    }
  }

  static double compile(List<Path> sources, String classpath, Path out, Processing processing)
      throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options = new ArrayList<>();
      options.addAll(List.of("-classpath", classpath, "-d", out.toString(), "--release", "17"));
      options.addAll(processing.options());
      StringWriter messages = new StringWriter();
      long start = System.nanoTime();
      boolean ok = javac.getTask(messages, files, null, options, null, units).call();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!ok) {
        throw new IllegalStateException("javac failed:\n" + messages);
      }
      checkOutputs(out, processing, messages.toString());
      return seconds;
    }
  }

  /** The same compilation as a {@code javac} process of this JDK (cold JVM, as in a build). */
  static double forked(List<Path> sources, String classpath, Path out, Processing processing)
      throws IOException {
    Files.createDirectories(out);
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of("-classpath", classpath, "-d", out.toString(), "--release", "17"));
    lines.addAll(processing.options());
    sources.forEach(p -> lines.add(p.toString()));
    Path argfile = out.resolveSibling(out.getFileName() + ".args");
    Files.write(argfile, lines);
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(javac.toString(), "@" + argfile).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("javac failed:\n" + output);
    }
    checkOutputs(out, processing, output);
    return seconds;
  }

  /** A processor that silently did nothing would make the comparison meaningless. */
  private static void checkOutputs(Path out, Processing processing, String messages) {
    String expected =
        switch (processing) {
          case NONE -> null;
          case OUTPUTS_ONLY -> "gen/OutputsOnly.class";
          case STRADDLE -> "gen/StraddlePlan.class";
        };
    if (expected != null && !Files.exists(out.resolve(expected))) {
      throw new IllegalStateException(
          "the processor did not generate " + expected + ":\n" + messages);
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
