package dev.straddle.processor.validation;

import java.util.Map;
import java.util.Set;

/**
 * The rules {@link IndexOptions} checks. What PostgreSQL (13 and later) refuses in an index's
 * options, as compile errors at the attribute (docs/ARCHITECTURE.md, "Indexes"): {@code unique}
 * with another method than btree, {@code include} with a method that cannot store non-key columns
 * (hash, gin, brin), several key elements with hash, an operator class count that does not match
 * the key, and storage parameters the method does not have or values out of their range. Whether an
 * operator class exists for the method and the column's type is left to PostgreSQL (the build fails
 * at backfill and changes nothing).
 */
final class IndexOptionsRules {

  private IndexOptionsRules() {}

  /** A storage parameter: its kind and, for integers, its range. */
  record Parameter(String kind, long min, long max) {
    static Parameter integer(long min, long max) {
      return new Parameter("integer", min, max);
    }

    static final Parameter BOOL = new Parameter("boolean", 0, 0);
    static final Parameter BUFFERING = new Parameter("auto, on or off", 0, 0);
  }

  /**
   * Each method's storage parameters, as PostgreSQL 13 has them (one only a later major has is
   * refused).
   */
  static final Map<String, Map<String, Parameter>> PARAMETERS =
      Map.of(
          "btree",
          Map.of("fillfactor", Parameter.integer(10, 100), "deduplicate_items", Parameter.BOOL),
          "hash",
          Map.of("fillfactor", Parameter.integer(10, 100)),
          "gist",
          Map.of("fillfactor", Parameter.integer(10, 100), "buffering", Parameter.BUFFERING),
          "gin",
          Map.of(
              "fastupdate",
              Parameter.BOOL,
              "gin_pending_list_limit",
              Parameter.integer(64, Integer.MAX_VALUE)),
          "brin",
          Map.of("pages_per_range", Parameter.integer(1, 131072), "autosummarize", Parameter.BOOL));

  /** Methods that can store non-key columns ({@code INCLUDE}) on PostgreSQL 13. */
  static final Set<String> INCLUDE = Set.of("btree", "gist");

  static final Set<String> BOOLEANS = Set.of("on", "off", "true", "false", "yes", "no", "1", "0");
}
