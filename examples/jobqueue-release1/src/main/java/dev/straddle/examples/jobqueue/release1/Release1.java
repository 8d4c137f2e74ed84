package dev.straddle.examples.jobqueue.release1;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Release 1 of the job queue: knows migration 1 only. An abort request is the status {@code
 * aborting}; jobs are fetched by {@code priority}, then age.
 */
public final class Release1 implements JobQueueRelease {

  @Override
  public String name() {
    return "release 1";
  }

  @Override
  public MigrationPlan plan() {
    return new StraddlePlan();
  }

  @Override
  public long enqueue(Connection connection, String queue, String args) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO jobs (queue, args, priority) VALUES (?, ?::jsonb, 1) RETURNING id")) {
      insert.setString(1, queue);
      insert.setString(2, args);
      return single(insert);
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
            "UPDATE jobs SET status = CASE WHEN status = 'aborting' THEN 'failed'::job_status"
                + " ELSE 'done'::job_status END WHERE id = ?")) {
      finish.setLong(1, id);
      finish.executeUpdate();
    }
  }

  @Override
  public boolean requestAbort(Connection connection, long id) throws SQLException {
    try (PreparedStatement abort =
        connection.prepareStatement(
            "UPDATE jobs SET status = 'aborting' WHERE id = ? AND status = 'doing'")) {
      abort.setLong(1, id);
      return abort.executeUpdate() == 1;
    }
  }

  @Override
  public boolean abortRequested(Connection connection, long id) throws SQLException {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT status = 'aborting' FROM jobs WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  private static long single(PreparedStatement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
