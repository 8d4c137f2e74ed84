package dev.straddle.processor.model;

import java.util.List;

/**
 * An index as the schema model knows it (docs/ARCHITECTURE.md, "Indexes"): those the migrations
 * build ({@code @CreateIndex}, and the index of a unique constraint), those declared with
 * {@code @ExistingIndex}, and a baseline index a migration renamed (its columns unknown).
 *
 * @param table the table, as declared
 * @param columns the key columns (empty when unknown or when the key has expressions only)
 * @param method the access method ({@code btree}, ...), empty when unknown
 * @param constraint the constraint the index backs (a unique constraint of the same name), or empty
 * @param createdBy the migration that builds it, 0 when it predates the migrations
 */
public record IndexModel(
    String name,
    String table,
    List<String> columns,
    boolean unique,
    String method,
    String constraint,
    int createdBy) {

  public IndexModel {
    columns = List.copyOf(columns);
  }

  public IndexModel renamed(String to) {
    return new IndexModel(
        to, table, columns, unique, method, constraint.isEmpty() ? "" : to, createdBy);
  }

  /** Where it comes from, for messages. */
  public String origin() {
    return createdBy == 0 ? "declared before the migrations" : "created by migration " + createdBy;
  }
}
