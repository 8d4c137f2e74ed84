package dev.straddle.plan;

/**
 * An index a migration builds concurrently during its backfill phase.
 *
 * @param table {@code name} or {@code schema.name}, as declared
 * @param name the index's name (it lives in the table's schema)
 * @param sql the {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} statement
 */
public record IndexBuild(String table, String name, String sql) {}
