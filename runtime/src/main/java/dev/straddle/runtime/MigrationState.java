package dev.straddle.runtime;

/**
 * One migration as {@link Straddle#status()} sees it: known to this build, recorded in the
 * database, or both.
 *
 * @param id the migration id
 * @param description the plan's description, else the history's
 * @param phase how far it got in this database
 * @param known whether this build's plan contains it
 * @param checksumMatches false when the history's checksum differs from the plan's (only meaningful
 *     when known and applied)
 * @param backfillRows rows the backfill has rewritten so far
 * @param backfillCursor the backfill's checkpoint as stored (jsonb text), or {@code null}
 */
public record MigrationState(
    int id,
    String description,
    Phase phase,
    boolean known,
    boolean checksumMatches,
    long backfillRows,
    String backfillCursor) {}
