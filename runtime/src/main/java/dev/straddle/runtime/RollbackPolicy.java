package dev.straddle.runtime;

/**
 * Whether {@link Straddle#rollback} and {@link Straddle#planRollback} respect the rollback guard:
 * the command line says it with {@code --force} (docs/ARCHITECTURE.md, "Rollback").
 */
public enum RollbackPolicy {

  /**
   * The default: refused while a live registered instance has a head at or above a migration to
   * roll back (its code needs what the rollback drops). Roll the application back first.
   */
  GUARDED,

  /**
   * Roll back although live registered instances need it ({@code --force}): their writes may fail
   * once what they use is gone. Recorded in the history ({@code rollback_forced}, {@code
   * rollback_forced_over}).
   */
  FORCE;

  /** The policy the command line's flag says. */
  public static RollbackPolicy of(boolean force) {
    return force ? FORCE : GUARDED;
  }

  boolean force() {
    return this == FORCE;
  }
}
