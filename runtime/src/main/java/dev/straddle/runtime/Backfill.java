package dev.straddle.runtime;

/** Whether {@link Straddle#expand(Backfill)} backfills what it expanded in the same run. */
public enum Backfill {
  /** Expand, then backfill every expanded migration (the default, as {@link Straddle#expand()}). */
  RUN,
  /**
   * Expand only ({@code --no-backfill}); {@link Straddle#backfill()} (or the next {@code expand} or
   * {@code migrate}) backfills later.
   */
  DEFER
}
