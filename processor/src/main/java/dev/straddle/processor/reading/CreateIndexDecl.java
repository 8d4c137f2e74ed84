package dev.straddle.processor.reading;

import java.util.List;

/** {@code @CreateIndex}. */
public record CreateIndexDecl(
    Site site, String table, String name, List<String> columns, boolean unique, String where)
    implements OperationDecl {

  public CreateIndexDecl {
    columns = List.copyOf(columns);
  }

  @Override
  public String kind() {
    return "CreateIndex";
  }

  @Override
  public String canonical() {
    return Canonical.of(
        kind(),
        "table",
        table,
        "name",
        name,
        "columns",
        String.join(",", columns),
        "unique",
        unique,
        "where",
        where);
  }
}
