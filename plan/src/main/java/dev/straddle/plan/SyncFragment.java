package dev.straddle.plan;

/**
 * One assignment a migration contributes to the sync trigger of a table while it is in flight
 * (expanded, not contracted).
 *
 * @param table {@code name} or {@code schema.name}, as declared
 * @param direction {@link Direction#UP} for writers that predate the migration (head below its id),
 *     {@link Direction#DOWN} for writers that know it
 * @param column the column assigned
 * @param expression the user's SQL expression, referring to columns of the table by bare name
 */
public record SyncFragment(String table, Direction direction, String column, String expression) {

  /** Which writers a fragment applies to. */
  public enum Direction {
    /** New shape computed from old: rows written by code older than the migration, and backfill. */
    UP,
    /** Old shape computed from new: rows written by code that knows the migration. */
    DOWN
  }
}
