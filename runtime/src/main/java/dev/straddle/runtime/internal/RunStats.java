package dev.straddle.runtime.internal;

import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Transition;
import java.util.ArrayList;
import java.util.List;

/** What a run did so far (becomes the public {@code RunResult}). */
public final class RunStats {
  final List<RunResult.Step> steps = new ArrayList<>();
  int lockRetries;
  long rowsBackfilled;
  final List<String> notes = new ArrayList<>();
  Integer stoppedBefore;

  /** The migration and phase the run is in, for failures found outside a phase's statements. */
  Integer migrationId;

  Transition phase;

  /** Records that the run is now in {@code migrationId}'s {@code phase}. */
  void at(int migrationId, Transition phase) {
    this.migrationId = migrationId;
    this.phase = phase;
  }

  public List<RunResult.Step> steps() {
    return steps;
  }

  public int lockRetries() {
    return lockRetries;
  }

  public long rowsBackfilled() {
    return rowsBackfilled;
  }

  public List<String> notes() {
    return notes;
  }

  /** The migration a contract stopped before because it is not backfilled, or null. */
  public Integer stoppedBefore() {
    return stoppedBefore;
  }
}
