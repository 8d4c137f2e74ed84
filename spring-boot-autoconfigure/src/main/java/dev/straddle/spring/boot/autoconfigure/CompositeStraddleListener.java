package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.StraddleListener;
import java.time.Duration;
import java.util.List;

/** Every {@link StraddleListener} bean of the context, called in order. */
final class CompositeStraddleListener implements StraddleListener {

  private final List<StraddleListener> listeners;

  CompositeStraddleListener(List<StraddleListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void lockRetry(
      int migrationId, String phase, String statement, int attempt, long delayMillis) {
    listeners.forEach(l -> l.lockRetry(migrationId, phase, statement, attempt, delayMillis));
  }

  @Override
  public void batchDone(
      int migrationId, String table, long batchRows, long rowsDone, Duration took) {
    listeners.forEach(l -> l.batchDone(migrationId, table, batchRows, rowsDone, took));
  }
}
