package dev.straddle.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Markdown tables, printed at the end so they can be pasted into BENCHMARKS.md. */
final class Report {

  private final List<String> lines = new ArrayList<>();

  void section(String title, String header) {
    lines.add("");
    lines.add("### " + title);
    lines.add("");
    lines.add(header);
    lines.add(header.replaceAll("[^|]+", "---"));
    System.err.println("running: " + title);
  }

  void row(String row) {
    lines.add(row);
    System.err.println("  " + row);
  }

  void note(String note) {
    lines.add("");
    lines.add(note);
  }

  void print(PrintStream out) {
    lines.forEach(out::println);
  }
}
