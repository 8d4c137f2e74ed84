package dev.straddle.processor.reading;

import java.util.List;

/** A baseline table, {@code @ExistingTable}. */
public record ExistingTableDecl(
    Site site, String name, List<ColumnDecl> columns, String partitionBy) implements TableDecl {

  public ExistingTableDecl {
    columns = List.copyOf(columns);
  }
}
