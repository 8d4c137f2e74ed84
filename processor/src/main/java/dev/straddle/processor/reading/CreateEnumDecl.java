package dev.straddle.processor.reading;

import java.util.List;

/** {@code @CreateEnum}: not on a table, so {@link #table()} is empty. */
public record CreateEnumDecl(Site site, String name, List<String> values) implements OperationDecl {

  public CreateEnumDecl {
    values = List.copyOf(values);
  }

  @Override
  public String table() {
    return "";
  }

  @Override
  public String kind() {
    return "CreateEnum";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "name", name, "values", labels(values));
  }

  /** Labels, each with its length (a label may hold a comma). */
  static String labels(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (String v : values) {
      out.append(out.length() == 0 ? "" : ",").append(v.length()).append(':').append(v);
    }
    return out.toString();
  }
}
