package dev.straddle.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Benchmark 5: what the annotation processor adds to a build. The same {@code n} generated
 * migration sources compiled by {@code javac} in this JVM with the Straddle processor and with
 * {@code -proc:none}, same classpath, interleaved, after warm-up rounds; medians.
 */
final class CompileBench {

  private final int migrations;
  private final int rounds;

  CompileBench(int migrations, int rounds) {
    this.migrations = migrations;
    this.rounds = rounds;
  }

  void run(Report report) throws IOException {
    Path dir = Files.createTempDirectory("straddle-compile-bench");
    try {
      List<Path> sources = GeneratedMigrations.writeJava(dir.resolve("src"), migrations);
      String classpath = GeneratedMigrations.classpath();
      List<Double> with = new ArrayList<>();
      List<Double> without = new ArrayList<>();
      int warmup = 2;
      for (int round = 0; round < warmup + rounds; round++) {
        // Alternate which goes first, so neither always gets the warmer JIT or file cache.
        boolean processorFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean processor = (k == 0) == processorFirst;
          double seconds =
              compile(sources, classpath, dir.resolve("out-" + round + "-" + k), processor);
          if (round >= warmup) {
            (processor ? with : without).add(seconds);
          }
        }
      }
      List<Double> forkedWith = new ArrayList<>();
      List<Double> forkedWithout = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean processorFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean processor = (k == 0) == processorFirst;
          double seconds =
              forked(sources, classpath, dir.resolve("fork-" + round + "-" + k), processor);
          (processor ? forkedWith : forkedWithout).add(seconds);
        }
      }
      double w = Stats.median(with);
      double wo = Stats.median(without);
      double fw = Stats.median(forkedWith);
      double fwo = Stats.median(forkedWithout);
      report.section(
          String.format(
              "Compile time (%d generated migrations, javac in-process, median of %d after %d"
                  + " warm-up rounds)",
              migrations, rounds, warmup),
          "| compilation | median s | min s | max s |");
      report.row(
          String.format(
              "| in-process, without processor (-proc:none) | %.2f | %.2f | %.2f |",
              wo, Stats.min(without), Stats.max(without)));
      report.row(
          String.format(
              "| in-process, with the Straddle processor | %.2f | %.2f | %.2f |",
              w, Stats.min(with), Stats.max(with)));
      report.row(
          String.format(
              "| `javac` process, without processor | %.2f | %.2f | %.2f |",
              fwo, Stats.min(forkedWithout), Stats.max(forkedWithout)));
      report.row(
          String.format(
              "| `javac` process, with the Straddle processor | %.2f | %.2f | %.2f |",
              fw, Stats.min(forkedWith), Stats.max(forkedWith)));
      report.note(
          String.format(
              "Compile-time ratio with/without the processor: %.2f× in-process (javac warm, the"
                  + " processor loaded afresh by each task), %.2f× as a fresh `javac` process"
                  + " (what a build pays).",
              w / wo, fw / fwo));
    } finally {
      delete(dir);
    }
  }

  static double compile(List<Path> sources, String classpath, Path out, boolean processor)
      throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options = new ArrayList<>();
      options.addAll(List.of("-classpath", classpath, "-d", out.toString(), "--release", "17"));
      if (processor) {
        options.addAll(
            List.of(
                "-processorpath",
                GeneratedMigrations.processorPath(),
                "-processor",
                "dev.straddle.processor.StraddleProcessor"));
      } else {
        options.add("-proc:none");
      }
      StringWriter messages = new StringWriter();
      long start = System.nanoTime();
      boolean ok = javac.getTask(messages, files, null, options, null, units).call();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!ok) {
        throw new IllegalStateException("javac failed:\n" + messages);
      }
      if (processor && !Files.exists(out.resolve("gen/StraddlePlan.class"))) {
        throw new IllegalStateException("the processor generated no plan:\n" + messages);
      }
      return seconds;
    }
  }

  /** The same compilation as a {@code javac} process of this JDK (cold JVM, as in a build). */
  static double forked(List<Path> sources, String classpath, Path out, boolean processor)
      throws IOException {
    Files.createDirectories(out);
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of("-classpath", classpath, "-d", out.toString(), "--release", "17"));
    if (processor) {
      lines.addAll(
          List.of(
              "-processorpath",
              GeneratedMigrations.processorPath(),
              "-processor",
              "dev.straddle.processor.StraddleProcessor"));
    } else {
      lines.add("-proc:none");
    }
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
    return seconds;
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
