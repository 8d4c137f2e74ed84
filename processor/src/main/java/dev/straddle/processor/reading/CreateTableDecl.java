package dev.straddle.processor.reading;

import java.util.List;

/** {@code @CreateTable}. */
public record CreateTableDecl(Site site, String name, List<ColumnDecl> columns, String partitionBy)
    implements OperationDecl, TableDecl {

  public CreateTableDecl {
    columns = List.copyOf(columns);
  }

  @Override
  public String table() {
    return name;
  }

  @Override
  public String kind() {
    return "CreateTable";
  }

  @Override
  public String canonical() {
    StringBuilder out = new StringBuilder(Canonical.of(kind(), "name", name));
    for (ColumnDecl c : columns) {
      out.append("\n  ")
          .append(
              Canonical.of(
                  "Column",
                  "name",
                  c.name(),
                  "type",
                  c.type(),
                  "notNull",
                  c.notNull(),
                  "defaultValue",
                  c.defaultValue(),
                  "primaryKey",
                  c.primaryKey()));
      // Only when set: the checksums of migrations written before the attribute stay the same.
      if (c.isIdentity()) {
        out.append(' ').append(Canonical.of("", "identity", c.identity()).substring(1));
      }
    }
    // Only when set, like identity: earlier migrations keep their checksums.
    if (!partitionBy.isEmpty()) {
      out.append("\n  ").append(Canonical.of("", "partitionBy", partitionBy).substring(1));
    }
    return out.toString();
  }
}
