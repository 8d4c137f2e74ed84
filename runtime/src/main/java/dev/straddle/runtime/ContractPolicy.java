package dev.straddle.runtime;

/**
 * How far {@link Straddle#migrate}, {@link Straddle#contract} and {@link Straddle#plan} may
 * contract: who vouches that the code a contract breaks is gone. The command line says it with
 * {@code --previous-release-gone} and {@code --force} (docs/RUNTIME.md, "Contract guard", has the
 * table of how each combines with the instance registry).
 */
public enum ContractPolicy {

  /**
   * The default: the instance registry decides. {@code migrate} contracts exactly what no live
   * registered instance needs (up to the head of the release this build replaces); {@code contract}
   * is refused while a live registered instance needs one of its migrations. When no application
   * has ever registered, {@code migrate} contracts nothing and {@code contract} is refused.
   */
  REGISTERED_INSTANCES,

  /**
   * The operator states that no instance of the previous release is left ({@code
   * --previous-release-gone}): {@code migrate} contracts everything backfilled up to the head of
   * the release it replaces, and {@code contract} runs without a registry. Still refused while a
   * live registered instance needs a migration: the statement is checked where it can be.
   */
  PREVIOUS_RELEASE_GONE,

  /**
   * Contract although live registered instances need it ({@code --force}); {@code migrate}
   * contracts everything backfilled up to this build's head. Recorded in the history ({@code
   * contract_forced}, {@code contract_forced_over}).
   */
  FORCE;

  /** The policy the command line's flags say ({@code --force} wins). */
  public static ContractPolicy of(boolean previousReleaseGone, boolean force) {
    return force ? FORCE : previousReleaseGone ? PREVIOUS_RELEASE_GONE : REGISTERED_INSTANCES;
  }

  boolean previousReleaseGone() {
    return this == PREVIOUS_RELEASE_GONE;
  }

  boolean force() {
    return this == FORCE;
  }
}
