package dev.straddle.examples.jobqueue.release3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.compat.CompatDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Release 3's behaviour, run by each subclass on another schema state: expanded while release 2 may
 * still run, and contracted once it is gone.
 */
abstract class Release3Suite {

  private final Release3 release = new Release3();

  /**
   * The status a failed job holds: {@code failed} while migration 3 is in flight (the sync trigger
   * stores it for release 2 to read), {@code done} once it is contracted.
   */
  abstract String statusOfAFailedJob();

  @Test
  void aJobGoesFromEnqueuedToDone(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "mail", "{}");
      assertEquals(OptionalLong.of(id), release.fetch(connection, "mail"));
      assertEquals(OptionalLong.empty(), release.fetch(connection, "mail"));
      release.finish(connection, id);
      assertEquals("done", column(connection, "status", id));
      assertEquals("f", column(connection, "failed", id));
      assertEquals("release 3", column(connection, "created_by", id));
    }
  }

  @Test
  void anAbortedJobEndsWithTheFailedFlag(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "reports", "{}");
      release.fetch(connection, "reports");
      assertFalse(release.abortRequested(connection, id));
      assertTrue(release.requestAbort(connection, id));
      assertTrue(release.abortRequested(connection, id));
      release.finish(connection, id);
      assertEquals("t", column(connection, "failed", id));
      assertEquals(statusOfAFailedJob(), column(connection, "status", id));
      assertFalse(release.requestAbort(connection, id), "a finished job cannot be aborted");
    }
  }

  @Test
  void aJobWithoutItsCreatorIsRefused(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO jobs (queue_name, created_by) VALUES ('mail', NULL)")) {
      SQLException refused =
          org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, insert::executeUpdate);
      assertEquals("23", refused.getSQLState().substring(0, 2), refused.getMessage());
    }
  }

  @Test
  void eventsBelongToTheirJob(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "mail", "{}");
      try (PreparedStatement event =
          connection.prepareStatement(
              "INSERT INTO job_events (job_id, status) VALUES (?, 'todo')")) {
        event.setLong(1, id);
        event.executeUpdate();
        event.setLong(1, id + 1_000_000);
        SQLException refused =
            org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, event::executeUpdate);
        assertEquals("23503", refused.getSQLState(), "an event of no job is refused");
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
        delete.setLong(1, id);
        delete.executeUpdate();
      }
      assertEquals(0, count(connection, "SELECT count(*) FROM job_events WHERE job_id = " + id));
    }
  }

  @Test
  void everyStatusChangeIsAnEvent(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "images", "{}");
      release.fetch(connection, "images");
      release.requestAbort(connection, id); // no status change: no event
      release.finish(connection, id);
      assertEquals(
          "doing," + statusOfAFailedJob(),
          column(
              connection,
              "(SELECT string_agg(e.status::text, ',' ORDER BY e.id) FROM job_events e"
                  + " WHERE e.job_id = jobs.id)",
              id));
    }
  }

  static String column(Connection connection, String column, long id) throws SQLException {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT " + column + " FROM jobs WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  static long count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement read = connection.prepareStatement(sql);
        ResultSet row = read.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
