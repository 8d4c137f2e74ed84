package dev.straddle.examples.jobqueue.release3;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Release 3 of the job queue: knows migrations 1 to 3. A job ends {@code done}, with the flag
 * {@code failed} when an abort was requested; every job says who enqueued it ({@code created_by});
 * status changes are recorded in {@code job_events}.
 */
public final class Release3 implements JobQueueRelease {

  @Override
  public String name() {
    return "release 3";
  }

  @Override
  public MigrationPlan plan() {
    return new StraddlePlan();
  }

  @Override
  public long enqueue(Connection connection, String queue, String args) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO jobs (queue_name, args, created_by) VALUES (?, ?::jsonb, 'release 3')"
                + " RETURNING id")) {
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
    // While release 2 still runs, the sync trigger shows a failed job to it as status 'failed'.
    try (PreparedStatement finish =
        connection.prepareStatement(
            "UPDATE jobs SET status = 'done', failed = abort_requested WHERE id = ?")) {
      finish.setLong(1, id);
      finish.executeUpdate();
    }
  }

  @Override
  public boolean requestAbort(Connection connection, long id) throws SQLException {
    try (PreparedStatement abort =
        connection.prepareStatement(
            "UPDATE jobs SET abort_requested = true WHERE id = ? AND status = 'doing'")) {
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
