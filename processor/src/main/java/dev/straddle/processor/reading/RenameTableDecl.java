package dev.straddle.processor.reading;

import java.util.Set;

/** {@code @RenameTable}. {@link #table()} is the table's current name, {@link #from()}. */
public record RenameTableDecl(Site site, String from, String to) implements OperationDecl {

  @Override
  public String table() {
    return from;
  }

  @Override
  public Set<String> tables() {
    return Set.of(from, to);
  }

  @Override
  public String attributeOf(String table) {
    return table.equals(from) ? "from" : "to";
  }

  @Override
  public String exclusive() {
    return "renames";
  }

  @Override
  public String kind() {
    return "RenameTable";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "from", from, "to", to);
  }
}
