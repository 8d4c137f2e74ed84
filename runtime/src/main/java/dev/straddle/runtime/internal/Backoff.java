package dev.straddle.runtime.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the runner waits before retrying after a lock timeout: {@code first}, doubling with each
 * attempt up to {@code cap}, times a random factor in {@code [minFactor, maxFactor]} (jitter, so
 * runners and retries do not fall into step).
 *
 * <p>The runner's rule is {@link #after(Duration)}: never shorter than the lock timeout. An attempt
 * can queue the application's statements behind the runner's lock request for up to the lock
 * timeout; the pause after it leaves the application at least as long without the runner in the
 * queue (docs/ARCHITECTURE.md, "Runner decisions"; BENCHMARKS.md, section 4).
 */
public record Backoff(Duration first, Duration cap, double minFactor, double maxFactor) {

  /** The longest pause between attempts, unless the lock timeout itself is longer. */
  public static final Duration CAP = Duration.ofSeconds(5);

  public Backoff {
    if (first.isNegative() || cap.compareTo(first) < 0 || minFactor < 0 || maxFactor < minFactor) {
      throw new IllegalArgumentException(
          "backoff " + first + ".." + cap + " x " + minFactor + ".." + maxFactor);
    }
  }

  /**
   * The runner's backoff for {@code lockTimeout}: from the lock timeout, doubling, capped at {@link
   * #CAP} (or the lock timeout when longer), jitter 100–150 %: the pause is never shorter than the
   * lock timeout.
   */
  public static Backoff after(Duration lockTimeout) {
    Duration cap = lockTimeout.compareTo(CAP) > 0 ? lockTimeout : CAP;
    return new Backoff(lockTimeout, cap, 1.0, 1.5);
  }

  /** The pause, in milliseconds, after attempt {@code attempt} (1 = the first) failed. */
  public long delayMillis(int attempt, RandomGenerator random) {
    long firstMillis = first.toMillis();
    long base = Math.min(cap.toMillis(), firstMillis << Math.min(attempt - 1, 20));
    double factor = minFactor + (maxFactor - minFactor) * random.nextDouble();
    return Math.round(base * factor);
  }
}
