package dev.straddle.processor.reading;

import java.util.List;

/**
 * {@code @AddForeignKey}.
 *
 * @param onDelete the action's SQL, e.g. {@code NO ACTION}
 * @param onUpdate the action's SQL
 */
public record AddForeignKeyDecl(
    Site site,
    String table,
    String name,
    List<String> columns,
    String references,
    List<String> referencedColumns,
    String onDelete,
    String onUpdate)
    implements OperationDecl {

  public AddForeignKeyDecl {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }

  @Override
  public java.util.Set<String> tables() {
    return java.util.Set.of(table, references).size() == 1
        ? java.util.Set.of(table)
        : java.util.Set.of(table, references);
  }

  @Override
  public String attributeOf(String name) {
    return name.equals(table) ? "table" : "references";
  }

  @Override
  public String kind() {
    return "AddForeignKey";
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
        "references",
        references,
        "referencedColumns",
        String.join(",", referencedColumns),
        "onDelete",
        onDelete,
        "onUpdate",
        onUpdate);
  }
}
