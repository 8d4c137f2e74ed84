package dev.straddle.examples.jobqueue.release2;

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
 * Release 2's behaviour, run by each subclass on another schema state: expanded while release 1 may
 * still run, and contracted once it is gone.
 */
abstract class Release2Suite {

  private final Release2 release = new Release2();

  @Test
  void aJobGoesFromEnqueuedToDone(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "mail", "{}");
      assertEquals(OptionalLong.of(id), release.fetch(connection, "mail"));
      release.finish(connection, id);
      assertEquals("done", column(connection, "status", id));
      assertEquals("mail", column(connection, "queue_name", id));
    }
  }

  @Test
  void anAbortRequestIsAFlagAndTheJobFails(CompatDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      long id = release.enqueue(connection, "reports", "{}");
      release.fetch(connection, "reports");
      assertFalse(release.abortRequested(connection, id));
      assertTrue(release.requestAbort(connection, id));
      assertTrue(release.abortRequested(connection, id));
      release.finish(connection, id);
      assertEquals("failed", column(connection, "status", id));
    }
  }

  private static String column(Connection connection, String column, long id) throws SQLException {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT " + column + " FROM jobs WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
