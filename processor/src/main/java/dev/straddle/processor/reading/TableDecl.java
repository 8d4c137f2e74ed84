package dev.straddle.processor.reading;

import java.util.List;

/** Shared shape of {@code @CreateTable} and {@code @ExistingTable}. */
public interface TableDecl {
  Site site();

  String name();

  List<ColumnDecl> columns();

  /** The text after {@code PARTITION BY}, empty for a plain table. */
  String partitionBy();
}
