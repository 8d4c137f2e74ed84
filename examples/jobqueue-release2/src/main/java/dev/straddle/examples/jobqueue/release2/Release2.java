package dev.straddle.examples.jobqueue.release2;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Release 2 of the job queue: knows migrations 1 and 2. An abort request is the flag {@code
 * abort_requested}; the queue column is {@code queue_name}; {@code priority} is gone.
 */
public final class Release2 implements JobQueueRelease {

  @Override
  public String name() {
    return "release 2";
  }

  @Override
  public MigrationPlan plan() {
    return new StraddlePlan();
  }

  @Override
  public long enqueue(Connection connection, String queue, String args) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO jobs (queue_name, args) VALUES (?, ?::jsonb) RETURNING id")) {
      insert.setString(1, queue);
      insert.setString(2, args);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  @Override
  public OptionalLong fetch(Connection connection, String queue) throws SQLException {
    // fetch_job, in the version this build declares: the generated constant names it.
    try (PreparedStatement fetch = connection.prepareStatement(Procedures.FETCH_JOB_CALL)) {
      fetch.setString(1, queue);
      try (ResultSet row = fetch.executeQuery()) {
        if (!row.next()) {
          return OptionalLong.empty();
        }
        long id = row.getLong(1);
        return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
      }
    }
  }

  @Override
  public void finish(Connection connection, long id) throws SQLException {
    // A CASE of bare literals is text, which an enum column does not take: the labels are cast.
    try (PreparedStatement finish =
        connection.prepareStatement(
            "UPDATE jobs SET status = CASE WHEN abort_requested THEN 'failed'::job_status"
                + " ELSE 'done'::job_status END WHERE id = ?")) {
      finish.setLong(1, id);
      finish.executeUpdate();
    }
  }

  @Override
  public boolean requestAbort(Connection connection, long id) throws SQLException {
    // While release 1 still runs, the sync trigger shows this row to it as status 'aborting'.
    try (PreparedStatement abort =
        connection.prepareStatement(
            "UPDATE jobs SET abort_requested = true"
                + " WHERE id = ? AND status IN ('doing', 'aborting')")) {
      abort.setLong(1, id);
      return abort.executeUpdate() == 1;
    }
  }

  @Override
  public boolean abortRequested(Connection connection, long id) throws SQLException {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT abort_requested FROM jobs WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }
}
