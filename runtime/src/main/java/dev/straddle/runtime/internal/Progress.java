package dev.straddle.runtime.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backfill progress of one table, logged at most every {@code progressEvery}. */
final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final int migrationId;
  private final String table;
  private final long estimate;
  private final long every;
  private final long start = System.nanoTime();
  private long lastLog = start;
  private long rows;
  private long batches;

  Progress(int migrationId, String table, long estimate, Settings settings) {
    this.migrationId = migrationId;
    this.table = table;
    this.estimate = estimate;
    this.every = settings.progressEvery().toNanos();
  }

  long rows() {
    return rows;
  }

  void batch(long updated) {
    rows += updated;
    batches++;
    long now = System.nanoTime();
    if (now - lastLog >= every) {
      lastLog = now;
      LOG.info("{}", line(now, false));
    }
  }

  void finish() {
    LOG.info("{}", line(System.nanoTime(), true));
  }

  private String line(long now, boolean done) {
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    long rate = Math.round(rows / seconds);
    StringBuilder out = new StringBuilder();
    out.append("backfill migration=")
        .append(migrationId)
        .append(" table=")
        .append(table)
        .append(done ? " done" : "")
        .append(" rows=")
        .append(rows)
        .append(" estimated_total=")
        .append(estimate < 0 ? "?" : String.valueOf(estimate))
        .append(" batches=")
        .append(batches)
        .append(" rows_per_s=")
        .append(rate);
    if (!done && estimate > rows && rate > 0) {
      out.append(" eta_s=").append((estimate - rows) / rate);
    }
    if (done) {
      out.append(" seconds=").append(String.format(java.util.Locale.ROOT, "%.2f", seconds));
    }
    return out.toString();
  }
}
