package dev.straddle.runtime.internal;

import dev.straddle.runtime.StraddleException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session-level advisory lock that serialises runners on one database and history schema. It is
 * held on a dedicated connection for the whole run, so the work connection's transactions never
 * release it; if the runner dies, PostgreSQL releases it with the session.
 */
public final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  /** First half of the two-int advisory key: "STRD". */
  public static final int CLASS_KEY = 0x53545244;

  private static final long POLL_MILLIS = 100;

  private final Connection connection;
  private final int key;

  private RunLock(Connection connection, int key) {
    this.connection = connection;
    this.key = key;
  }

  /** Second half of the advisory key for a history schema. */
  public static int objectKey(String historySchema) {
    return historySchema.hashCode();
  }

  /**
   * Takes the lock on {@code connection} (which the lock then owns), waiting at most {@code wait}
   * for another runner to finish.
   */
  public static RunLock acquire(Connection connection, String historySchema, Duration wait)
      throws SQLException {
    int key = objectKey(historySchema);
    long deadline = System.nanoTime() + wait.toNanos();
    boolean logged = false;
    while (true) {
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
        statement.setInt(1, CLASS_KEY);
        statement.setInt(2, key);
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return new RunLock(connection, key);
          }
        }
      }
      if (System.nanoTime() >= deadline) {
        connection.close();
        throw StraddleException.refused(
            "another Straddle runner holds the run lock of history schema '"
                + historySchema
                + "' (advisory lock "
                + CLASS_KEY
                + ", "
                + key
                + "); waited "
                + wait.toMillis()
                + " ms. Nothing was changed; run again when it has finished.");
      }
      if (!logged) {
        LOG.info("Another Straddle runner is working; waiting up to {} ms", wait.toMillis());
        logged = true;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        connection.close();
        throw StraddleException.refused("interrupted while waiting for the run lock");
      }
    }
  }

  @Override
  public void close() {
    try (connection;
        PreparedStatement statement =
            connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
      statement.setInt(1, CLASS_KEY);
      statement.setInt(2, key);
      statement.execute();
    } catch (SQLException e) {
      LOG.warn("Could not release the run lock (the server releases it with the session)", e);
    }
  }
}
