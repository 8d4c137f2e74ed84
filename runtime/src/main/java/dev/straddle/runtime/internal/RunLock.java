package dev.straddle.runtime.internal;

import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session-level advisory lock that serialises runners on one database and history schema. It is
 * held by the session of the <em>work</em> connection, the one every change of the run is made on,
 * so no change can commit after the lock is gone: the lock ends only with that session (or an
 * explicit unlock, which only {@link #close()} does), and a session that ends takes its open
 * transaction with it. A lost connection is therefore a lost lock, and the runner stops on it
 * ({@link #lost}); see docs/ARCHITECTURE.md, "Runner decisions".
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
   * Takes the lock in the session of {@code connection} (the run's work connection, which stays the
   * caller's to close), waiting at most {@code wait} for another runner to finish.
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
        throw StraddleException.of(
            ErrorCode.RUN_LOCK_BUSY, historySchema, CLASS_KEY, key, wait.toMillis());
      }
      if (!logged) {
        LOG.info("Another Straddle runner is working; waiting up to {} ms", wait.toMillis());
        logged = true;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StraddleException.of(ErrorCode.INTERRUPTED, "for the run lock");
      }
    }
  }

  /**
   * Whether {@code e} means the session (and with it the run lock) is gone: a connection error
   * (SQLSTATE class 08), the server ending the session (57P01 {@code pg_terminate_backend} or a
   * shutdown, 57P05 {@code idle_session_timeout}, 25P03 {@code
   * idle_in_transaction_session_timeout}, and the rest of 57P), or a connection the driver has
   * closed.
   */
  public static boolean lost(SQLException e, Connection connection) {
    String state = e.getSQLState();
    if (state != null
        && (state.startsWith("08") || state.startsWith("57P") || state.equals("25P03"))) {
      return true;
    }
    try {
      return connection.isClosed();
    } catch (SQLException closed) {
      return true;
    }
  }

  /**
   * The failure for a run whose session ended during migration {@code migrationId}'s {@code phase}
   * ({@code null}s when it was between migrations).
   */
  public static StraddleException lostError(
      SQLException e, Integer migrationId, Transition phase, String statement) {
    return StraddleException.at(
        migrationId, phase, statement, e, ErrorCode.RUN_LOCK_LOST, e.getSQLState(), e.getMessage());
  }

  /**
   * Releases the lock, rolling back first if a failure left a transaction open. A connection that
   * is already gone took the lock with it; every change of the run committed while it was held.
   */
  @Override
  public void close() {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
        statement.setInt(1, CLASS_KEY);
        statement.setInt(2, key);
        statement.execute();
      }
    } catch (SQLException e) {
      if (lost(e, connection)) {
        LOG.debug("the run lock's connection is gone; the server released the lock with it", e);
      } else {
        LOG.warn(
            "Could not release the run lock (the server releases it with the session): {}",
            e.getMessage());
      }
    }
  }
}
