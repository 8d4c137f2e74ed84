package dev.straddle.plan;

import dev.straddle.plan.sql.Identifiers;

/**
 * An index a migration builds concurrently during its backfill phase, or (when {@code copiedColumn}
 * is set) the step that builds the plain indexes of a widened column again on its shadow column.
 *
 * @param table {@code name} or {@code schema.name}, as declared
 * @param name the index's name (it lives in the table's schema); for a copy, the shadow column
 * @param sql the {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} statement; for a copy, a comment
 *     saying what the runtime builds
 * @param copiedColumn null, or the column whose plain indexes are copied onto the shadow column
 *     {@code name}: the runtime reads their definitions from the catalog ({@code pg_get_indexdef})
 *     when it builds them, since a baseline's indexes are not declared (docs/ARCHITECTURE.md,
 *     "Column type changes")
 */
public record IndexBuild(String table, String name, String sql, String copiedColumn) {

  /** An index the migration declares. */
  public IndexBuild(String table, String name, String sql) {
    this(table, name, sql, null);
  }

  /** The plain indexes on {@code column} of {@code table}, built again on {@code shadow}. */
  public static IndexBuild copies(String table, String column, String shadow) {
    return new IndexBuild(
        table,
        shadow,
        "-- every plain index on "
            + Identifiers.quote(column)
            + ", built again on "
            + Identifiers.quote(shadow)
            + " (its definition read from the catalog at run time, the column replaced), named"
            + " straddle_<md5 of its name>",
        column);
  }

  /** Whether this is the copy step of a widened column's indexes. */
  public boolean copy() {
    return copiedColumn != null;
  }
}
