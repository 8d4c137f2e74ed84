package dev.straddle.runtime;

import java.util.List;

/**
 * What a command did.
 *
 * @param command the command's name
 * @param steps one line per phase applied, such as {@code 7 expanded}; empty when nothing was to do
 * @param lockRetries how many times a statement hit the lock timeout and was retried
 * @param rowsBackfilled rows rewritten by backfills in this run
 * @param notes why something was left undone on purpose, one line each (for instance the migrations
 *     {@code migrate} keeps for the release it replaces)
 * @param stoppedBefore the migration {@code contract} stopped before because it is not backfilled
 *     yet (the command did less than asked: exit code 4 on the command line), else {@code null}
 */
public record RunResult(
    String command,
    List<String> steps,
    int lockRetries,
    long rowsBackfilled,
    List<String> notes,
    Integer stoppedBefore) {

  public RunResult {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  /** A result without notes that did everything asked. */
  public RunResult(String command, List<String> steps, int lockRetries, long rowsBackfilled) {
    this(command, steps, lockRetries, rowsBackfilled, List.of(), null);
  }

  /** Whether the command stopped before a migration that is not backfilled yet. */
  public boolean stoppedBeforeNotBackfilled() {
    return stoppedBefore != null;
  }
}
