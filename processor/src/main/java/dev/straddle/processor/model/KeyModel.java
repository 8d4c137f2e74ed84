package dev.straddle.processor.model;

import java.util.List;

/**
 * Columns that are unique together, which a foreign key may reference: the primary key, a unique
 * constraint, a unique index without predicate.
 *
 * @param name the constraint's or index's name (empty for the primary key)
 * @param usableFrom the first migration whose expand finds the key: the migration that created its
 *     table for a primary key, the one after the migration that builds it for an index built at
 *     backfill
 */
public record KeyModel(String name, List<String> columns, int usableFrom) {

  public KeyModel {
    columns = List.copyOf(columns);
  }

  /** Whether the key is exactly these columns, in any order. */
  public boolean covers(List<String> names) {
    return columns.size() == names.size() && columns.containsAll(names);
  }
}
