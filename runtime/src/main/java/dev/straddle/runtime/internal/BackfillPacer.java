package dev.straddle.runtime.internal;

import java.time.Duration;

/**
 * How long the next backfill batch should take and how long to pause after the one just done
 * (docs/ARCHITECTURE.md, "Backfill pacing"). Fixed: the configured batch target and pause. Adaptive
 * (the default): additive increase, multiplicative decrease of the batch target, driven by whether
 * the application waited for the batch. After each batch, before its commit, the runner counts the
 * sessions waiting for a lock the batch holds ({@link #observe}); every application write that hit
 * a row of the batch is still waiting then, since a row lock is held until the commit. When some
 * waited, the target halves (down to {@link #MIN_TARGET}) and the runner pauses as long as the
 * batch took, so the sessions that waited catch up before the next batch locks rows; when none
 * waited, the target grows by {@link #STEP} (up to {@link #MAX_TARGET}) and the next batch follows
 * at once. Pure arithmetic on the observations fed in: the runner measures, this decides.
 */
final class BackfillPacer {

  /** Where an adaptive backfill starts. */
  static final Duration START_TARGET = Duration.ofMillis(3);

  /** The shortest batch target the adaptive pacing goes down to. */
  static final Duration MIN_TARGET = Duration.ofMillis(1);

  /**
   * The longest batch target the adaptive pacing grows to: the longest an application write waits
   * for a batch, however rarely the application waits.
   */
  static final Duration MAX_TARGET = Duration.ofMillis(10);

  /** How much the target grows after a batch nobody waited for. */
  static final Duration STEP = Duration.ofMillis(1);

  /** The pause after a batch the application waited for, in multiples of that batch's time. */
  static final int PAUSE_AFTER_WAIT = 4;

  private final boolean adaptive;
  private final long minNanos;
  private final long maxNanos;
  private final long stepNanos;
  private final Duration fixedPause;
  private long targetNanos;
  private long pauseNanos;
  private long waited;

  private BackfillPacer(
      boolean adaptive, Duration start, Duration min, Duration max, Duration step, Duration pause) {
    this.adaptive = adaptive;
    this.targetNanos = start.toNanos();
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.stepNanos = step.toNanos();
    this.fixedPause = pause;
    this.pauseNanos = pause.toNanos();
  }

  /** The configured pacing: every batch sized toward {@code target}, {@code pause} after each. */
  static BackfillPacer fixed(Duration target, Duration pause) {
    return new BackfillPacer(false, target, target, target, Duration.ZERO, pause);
  }

  /** The default: the target adapts to the application's waits, between the bounds above. */
  static BackfillPacer adaptive() {
    return new BackfillPacer(true, START_TARGET, MIN_TARGET, MAX_TARGET, STEP, Duration.ZERO);
  }

  /** The pacing {@code settings} ask for: fixed when a target or pause was configured. */
  static BackfillPacer of(Settings settings) {
    return settings.adaptivePacing()
        ? adaptive()
        : fixed(settings.batchTarget(), settings.batchPause());
  }

  /** Whether the runner needs to count the waiters of each batch. */
  boolean isAdaptive() {
    return adaptive;
  }

  /** The duration the next batch should be sized toward. */
  Duration target() {
    return Duration.ofNanos(targetNanos);
  }

  /** The pause after the batch last observed (zero: none). */
  Duration pause() {
    return Duration.ofNanos(pauseNanos);
  }

  /** Batches so far that some session waited for. */
  long batchesWaitedFor() {
    return waited;
  }

  /**
   * One batch done: it took {@code batchNanos} and {@code waiters} sessions were waiting for a lock
   * it held when it was about to commit.
   */
  void observe(long batchNanos, int waiters) {
    if (!adaptive) {
      pauseNanos = fixedPause.toNanos();
      return;
    }
    if (waiters > 0) {
      waited++;
      targetNanos = Math.max(minNanos, targetNanos / 2);
      pauseNanos = Math.max(0, batchNanos) * PAUSE_AFTER_WAIT;
    } else {
      targetNanos = Math.min(maxNanos, targetNanos + stepNanos);
      pauseNanos = 0;
    }
  }
}
