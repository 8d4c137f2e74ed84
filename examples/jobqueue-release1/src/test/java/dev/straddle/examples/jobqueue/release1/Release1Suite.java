package dev.straddle.examples.jobqueue.release1;

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
 * Release 1's behaviour. Each subclass runs it on another schema state, through the compatibility
 * kit: release 1 must keep working until release 2's migrations are contracted.
 */
abstract class Release1Suite {

  private final Release1 release = new Release1();

  @Test
  void aJobGoesFromEnqueuedToDone(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "mail", "{\"to\": \"a@example.com\"}");
      assertEquals(OptionalLong.of(id), release.fetch(connection, "mail"));
      assertEquals(OptionalLong.empty(), release.fetch(connection, "mail"));
      release.finish(connection, id);
      assertEquals("done", status(connection, id));
    }
  }

  @Test
  void anAbortedJobFails(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "reports", "{}");
      release.fetch(connection, "reports");
      assertFalse(release.abortRequested(connection, id));
      assertTrue(release.requestAbort(connection, id));
      assertTrue(release.abortRequested(connection, id));
      release.finish(connection, id);
      assertEquals("failed", status(connection, id));
      assertFalse(release.requestAbort(connection, id), "a finished job cannot be aborted");
    }
  }

  @Test
  void higherPriorityJobsAreFetchedFirst(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long first = release.enqueue(connection, "images", "{}");
      long urgent = release.enqueue(connection, "images", "{}");
      try (PreparedStatement raise =
          connection.prepareStatement("UPDATE jobs SET priority = 5 WHERE id = ?")) {
        raise.setLong(1, urgent);
        raise.executeUpdate();
      }
      assertEquals(OptionalLong.of(urgent), release.fetch(connection, "images"));
      assertEquals(OptionalLong.of(first), release.fetch(connection, "images"));
    }
  }

  private static String status(Connection connection, long id) throws SQLException {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
