package dev.straddle.runtime.internal;

import java.time.Duration;

/**
 * How long the next backfill batch should take and how long to pause after the one just done
 * (docs/ARCHITECTURE.md, "Backfill pacing"). Fixed: the configured batch target and pause. Adaptive
 * (the default): additive increase, multiplicative decrease of the batch target, driven by whether
 * the application waited for the batch. After each batch, before its commit, the runner counts the
 * sessions waiting for a lock the batch holds ({@link #observe}); every application write that hit
 * a row of the batch is still waiting then, since a row lock is held until the commit. When some
 * waited, the target halves (from at most {@link #CEILING}, down to {@link #MIN_TARGET}) and the
 * runner pauses as long as the batch took times {@link #PAUSE_AFTER_WAIT}, so the sessions that
 * waited catch up before the next batch locks rows; when none waited, the target grows by {@link
 * #STEP} (or an eighth of itself, when that is more) and the next batch follows at once. The target
 * stays under {@link #CEILING} while the application waited recently; the longer nobody has waited,
 * the higher the ceiling: a fiftieth ({@link #QUIET_SHARE}) of the batch time since the last wait,
 * up to {@link #MAX_TARGET}. Pure arithmetic on the observations fed in: the runner measures, this
 * decides.
 */
final class BackfillPacer {

  /** Where an adaptive backfill starts. */
  static final Duration START_TARGET = Duration.ofMillis(3);

  /** The shortest batch target the adaptive pacing goes down to. */
  static final Duration MIN_TARGET = Duration.ofMillis(1);

  /**
   * The ceiling of the batch target while the application waited recently: the longest an
   * application write waits for a batch unless nobody has waited for a long time.
   */
  static final Duration CEILING = Duration.ofMillis(10);

  /**
   * The ceiling goes above {@link #CEILING} once nobody has waited for this many times it: the
   * ceiling is the time since the last wait (the batches' time) divided by this, so a batch holds
   * its rows at most a fiftieth as long as the application has shown no wait.
   */
  static final int QUIET_SHARE = 50;

  /** The longest batch target, reached after {@code QUIET_SHARE × MAX_TARGET} without a wait. */
  static final Duration MAX_TARGET = Duration.ofMillis(100);

  /** How much the target grows at least after a batch nobody waited for. */
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
  private long quietNanos;

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
   * The highest the target may grow to now: {@link #CEILING}, or more the longer nobody waited (a
   * {@link #QUIET_SHARE}th of the time since the last wait), up to {@link #MAX_TARGET}.
   */
  Duration ceiling() {
    if (!adaptive) {
      return Duration.ofNanos(maxNanos);
    }
    long ceiling = CEILING.toNanos();
    return Duration.ofNanos(Math.min(maxNanos, Math.max(ceiling, quietNanos / QUIET_SHARE)));
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
    long took = Math.max(0, batchNanos);
    if (waiters > 0) {
      waited++;
      quietNanos = 0;
      targetNanos = Math.max(minNanos, Math.min(targetNanos, CEILING.toNanos()) / 2);
      pauseNanos = took * PAUSE_AFTER_WAIT;
    } else {
      quietNanos += took;
      long grown = targetNanos + Math.max(stepNanos, targetNanos / 8);
      targetNanos = Math.min(ceiling().toNanos(), grown);
      pauseNanos = 0;
    }
  }
}
