package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Status;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health contributor {@code straddle}: UP while this build is inside its compatibility window in
 * the database (every migration up to its head at least backfilled, none above it contracted), DOWN
 * outside it (the build's code no longer, or not yet, works against the schema) and when the status
 * cannot be read (detail {@code error}: Straddle's message). Details: head, schema state, live
 * heads, and the problems.
 */
public class StraddleHealthIndicator extends AbstractHealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(StraddleHealthIndicator.class);

  private final Straddle straddle;

  public StraddleHealthIndicator(Straddle straddle) {
    super("Straddle status could not be read");
    this.straddle = straddle;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Status status;
    try {
      status = straddle.status();
    } catch (StraddleException e) {
      // Straddle's message says what failed; a stack trace at every health check says no more.
      LOG.debug("Straddle status could not be read", e);
      builder.down().withDetail("error", e.getMessage());
      return;
    }
    String command = straddle.migrationPlan().getClass().getSimpleName();
    var outside = status.outsideWindow(command).stream().map(Problem::toString).toList();
    if (outside.isEmpty()) {
      builder.up();
    } else {
      builder.down().withDetail("outsideWindow", outside);
    }
    builder
        .withDetail("head", status.head())
        .withDetail("schemaState", status.schemaState())
        .withDetail("liveHeads", status.liveHeads());
    if (!status.problems().isEmpty()) {
      builder.withDetail("problems", status.problems().stream().map(Problem::toString).toList());
    }
  }
}
