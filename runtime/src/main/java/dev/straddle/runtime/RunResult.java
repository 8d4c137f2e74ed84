package dev.straddle.runtime;

import java.util.List;

/**
 * What a command did.
 *
 * @param command the command's name
 * @param steps one per phase applied (or left undone on purpose), in order; empty when nothing was
 *     to do
 * @param lockRetries how many times a statement hit the lock timeout and was retried
 * @param rowsBackfilled rows rewritten by backfills in this run
 * @param notes why something was left undone on purpose, one line each (for instance the migrations
 *     {@code migrate} keeps for the release it replaces)
 * @param stoppedBefore the migration {@code contract} stopped before because it is not backfilled
 *     yet (the command did less than asked: exit code 4 on the command line), else {@code null}
 */
public record RunResult(
    String command,
    List<Step> steps,
    int lockRetries,
    long rowsBackfilled,
    List<String> notes,
    Integer stoppedBefore) {

  public RunResult {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  /** A result without notes that did everything asked. */
  public RunResult(String command, List<Step> steps, int lockRetries, long rowsBackfilled) {
    this(command, steps, lockRetries, rowsBackfilled, List.of(), null);
  }

  /** Whether the command stopped before a migration that is not backfilled yet. */
  public boolean stoppedBeforeNotBackfilled() {
    return stoppedBefore != null;
  }

  /** Each step as {@link Step#toString()} gives it, such as {@code 7 expanded} (logs, tests). */
  public List<String> stepTexts() {
    return steps.stream().map(Step::toString).toList();
  }

  /**
   * One thing a command did to one migration.
   *
   * @param migrationId the migration
   * @param kind what was done
   * @param rows rows the backfill rewrote in this run ({@link Kind#BACKFILLED}), else 0
   * @param instances {@link Kind#KEPT}: the live instances that still need the migration; {@link
   *     Kind#CONTRACTED} and {@link Kind#ROLLED_BACK}: the live instances that needed it and were
   *     overridden with {@code force} (recorded in the history); else empty
   */
  public record Step(int migrationId, Kind kind, long rows, List<Instance> instances) {

    public Step {
      instances = List.copyOf(instances);
    }

    /** A step without rows or instances. */
    public Step(int migrationId, Kind kind) {
      this(migrationId, kind, 0, List.of());
    }

    /** What a step did. */
    public enum Kind {
      /** Expand DDL applied and the sync trigger installed; the backfill is still to run. */
      EXPANDED("expanded"),
      /** Expanded, and backfilled at once: the migration had nothing to backfill. */
      EXPANDED_BACKFILLED("expanded backfilled"),
      /** Every row predating expand rewritten. */
      BACKFILLED("backfilled"),
      /** Contract DDL applied. */
      CONTRACTED("contracted"),
      /**
       * The statements after a contract's transaction (validations) that an earlier run left owed
       * when it stopped between the commit and their end, run now.
       */
      CONTRACT_FINISHED("contract-finished"),
      /** Not contracted: live instances of older code still use it ({@code migrate}). */
      KEPT("kept"),
      /**
       * Rolled back: what its expand and backfill added is dropped, and it is pending again ({@code
       * rollback}).
       */
      ROLLED_BACK("rolled-back"),
      /** {@code contract} stopped before it: it is not backfilled yet. */
      STOPPED_NOT_BACKFILLED("not-backfilled stopped");

      private final String text;

      Kind(String text) {
        this.text = text;
      }

      /** The words of {@link Step#toString()}, such as {@code expanded backfilled}. */
      public String text() {
        return text;
      }

      /** The phases the step reports, lower case: {@code expanded,backfilled} (the CLI's). */
      public String phases() {
        return text.replace(' ', ',');
      }
    }

    /** {@code <migration id> <kind words>}, such as {@code 7 expanded backfilled}. */
    @Override
    public String toString() {
      return migrationId + " " + kind.text();
    }
  }
}
