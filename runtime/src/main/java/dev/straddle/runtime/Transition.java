package dev.straddle.runtime;

import java.util.Locale;

/**
 * What a run does to one migration: the move from one {@link Phase} to the next. A {@link
 * StraddleException} names the transition it stopped in.
 */
public enum Transition {
  /** {@link Phase#PENDING} to {@link Phase#EXPANDED}: expand DDL and the sync trigger. */
  EXPAND(Phase.EXPANDED),
  /** {@link Phase#EXPANDED} to {@link Phase#BACKFILLED}: rewrite the rows predating expand. */
  BACKFILL(Phase.BACKFILLED),
  /** {@link Phase#BACKFILLED} to {@link Phase#CONTRACTED}: contract DDL. */
  CONTRACT(Phase.CONTRACTED),
  /**
   * {@link Phase#EXPANDED} or {@link Phase#BACKFILLED} back to {@link Phase#PENDING}: what the
   * expand and backfill added is dropped, the history records the migration rolled back
   * (docs/ARCHITECTURE.md, "Rollback").
   */
  ROLLBACK(Phase.PENDING);

  private final Phase target;

  Transition(Phase target) {
    this.target = target;
  }

  /** The phase the migration is in once the transition committed. */
  public Phase target() {
    return target;
  }

  /** Lower case, as messages and the command line print it: {@code expand}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return text();
  }
}
