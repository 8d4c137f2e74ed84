package dev.straddle.processor.reading;

import java.util.List;

/**
 * A baseline index, {@code @ExistingIndex}.
 *
 * @param method the access method as PostgreSQL names it ({@code btree}, ...)
 */
public record ExistingIndexDecl(
    Site site, String table, String name, List<String> columns, boolean unique, String method) {

  public ExistingIndexDecl {
    columns = List.copyOf(columns);
  }

  /**
   * The shape the runner compares with the live index: {@code [unique ]<method>[ (a, b)]}
   * (SchemaExpectation.indexExists).
   */
  public String shape() {
    return (unique ? "unique " : "")
        + method
        + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")");
  }
}
