package dev.straddle.processor.reading;

import java.util.List;

/** {@code @AddUnique}. */
public record AddUniqueDecl(Site site, String table, String name, List<String> columns)
    implements OperationDecl {

  public AddUniqueDecl {
    columns = List.copyOf(columns);
  }

  @Override
  public String kind() {
    return "AddUnique";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "name", name, "columns", String.join(",", columns));
  }
}
