package dev.straddle.runtime;

/** How far a migration has got in one database (its row in the history table). */
public enum Phase {
  /** Not applied: no history row. */
  PENDING,
  /** Expand DDL done and the sync trigger installed; old rows may still await the backfill. */
  EXPANDED,
  /** Every row predating expand has been rewritten (or there was nothing to backfill). */
  BACKFILLED,
  /** Contract DDL done; the migration no longer contributes to any sync trigger. */
  CONTRACTED;

  /** The value stored in the history table's {@code phase} column. */
  public String stored() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a value of the history table's {@code phase} column. */
  public static Phase fromStored(String stored) {
    return valueOf(stored.toUpperCase(java.util.Locale.ROOT));
  }
}
