package dev.straddle.examples.api;

import dev.straddle.plan.MigrationPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * One release of the example job-queue application, as the demo drives it. Each release is a
 * separate build (its own jar, its own migrations compiled by the Straddle processor) loaded in a
 * class loader of its own; this interface is all the demo and the releases share.
 *
 * <p>Every method takes a connection whose session already says this release's head ({@code
 * straddle.head}), runs in autocommit and uses only the columns this release knows.
 */
public interface JobQueueRelease {

  /** For reports: "release 1". */
  String name();

  /** The plan the Straddle processor generated for this build. */
  MigrationPlan plan();

  /** Adds a job to {@code queue}; returns its id. */
  long enqueue(Connection connection, String queue, String args) throws SQLException;

  /** Takes the oldest waiting job of {@code queue} (todo → doing), if any. */
  OptionalLong fetch(Connection connection, String queue) throws SQLException;

  /** Finishes a job this worker holds: done, or failed when an abort was requested. */
  void finish(Connection connection, long id) throws SQLException;

  /**
   * Asks for a running job to be aborted, the way this release records it; false when the job was
   * not running any more.
   */
  boolean requestAbort(Connection connection, long id) throws SQLException;

  /** Whether an abort was requested for the job, as this release reads it. */
  boolean abortRequested(Connection connection, long id) throws SQLException;
}
