package dev.straddle.runtime;

import java.util.List;

/**
 * What a command did.
 *
 * @param command the command's name
 * @param steps one line per phase applied, such as {@code 7 expanded}; empty when nothing was to do
 * @param lockRetries how many times a statement hit the lock timeout and was retried
 * @param rowsBackfilled rows rewritten by backfills in this run
 */
public record RunResult(String command, List<String> steps, int lockRetries, long rowsBackfilled) {

  public RunResult {
    steps = List.copyOf(steps);
  }
}
