package dev.straddle.dsl;

/**
 * An index's access method ({@code USING ...}). What PostgreSQL refuses for a method is a compile
 * error: {@code unique} is btree only, {@code include} btree and gist only, several key elements
 * are refused by hash, and each method has its own storage parameters.
 */
public enum IndexMethod {
  /** The default: equality and ordering; the only method that can be unique. */
  BTREE,
  /** Equality only, one key element. */
  HASH,
  /** Containment in composite values: jsonb, arrays, full-text search. */
  GIN,
  /** Geometric types, ranges, nearest-neighbour search, exclusion. */
  GIST,
  /** Block ranges: tiny summaries of large, naturally ordered tables. */
  BRIN;

  /** As PostgreSQL names it ({@code btree}, ...). */
  public String sql() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
