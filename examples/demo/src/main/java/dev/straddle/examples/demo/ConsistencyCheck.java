package dev.straddle.examples.demo;

import dev.straddle.testkit.TestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks every row once the deploy is over: nothing lost, every shape right. */
final class ConsistencyCheck {

  /** Each failed check, described; empty when every check passed. */
  record Result(long rows, List<String> failures) {
    boolean passed() {
      return failures.isEmpty();
    }
  }

  private final TestDatabase database;
  private final Set<Long> abortedIds;

  ConsistencyCheck(TestDatabase database, Set<Long> abortedIds) {
    this.database = database;
    this.abortedIds = abortedIds;
  }

  /**
   * @param expectedRows every job seeded or enqueued
   * @param seededRows jobs seeded by release 1
   * @param release3Jobs jobs release 3 enqueued
   * @param lastJobBeforeRelease3 the highest job id when migration 3 had expanded: every later job
   *     was written with migration 3's event trigger in place
   */
  Result run(long expectedRows, long seededRows, long release3Jobs, long lastJobBeforeRelease3)
      throws SQLException {
    List<String> failures = new ArrayList<>();
    long seededFailed = (seededRows + 8) / 10; // seed n with n % 10 = 2
    try (Connection connection = database.connectAsHead(3)) {
      long rows = count(connection, "SELECT count(*) FROM jobs");
      expect(failures, "every job enqueued is there", rows, expectedRows);
      expect(
          failures,
          "migration 2 is contracted: queue and priority are gone",
          count(
              connection,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = 'jobs'"
                  + " AND column_name IN ('queue', 'priority')"),
          0);
      expect(
          failures,
          "queue_name, abort_requested, failed and created_by are NOT NULL columns",
          count(
              connection,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = 'jobs'"
                  + " AND column_name IN ('queue_name', 'abort_requested', 'failed', 'created_by')"
                  + " AND is_nullable = 'NO'"),
          4);
      expect(
          failures,
          "seeded jobs kept their queue (backfilled rename)",
          count(
              connection,
              "SELECT count(*) FROM jobs WHERE queue_name = 'archive'"
                  + " AND args->>'seed' IS NOT NULL"),
          seededRows);
      expect(
          failures,
          "seeded aborting jobs have abort_requested (backfilled up)",
          count(
              connection,
              "SELECT count(*) FROM jobs WHERE queue_name = 'archive'"
                  + " AND abort_requested IS DISTINCT FROM (status = 'aborting')"),
          0);
      expect(
          failures,
          "no job is left running",
          count(connection, "SELECT count(*) FROM jobs WHERE status = 'doing'"),
          0);
      expect(
          failures,
          "migration 3 is contracted: the status failed is gone from job_status",
          count(
              connection,
              "SELECT count(*) FROM pg_enum WHERE enumtypid = 'job_status'::regtype"
                  + " AND enumlabel = 'failed'"),
          0);
      expect(
          failures,
          "seeded failed jobs are done, with the failed flag (backfilled up, contract's data step)",
          count(
              connection,
              "SELECT count(*) FROM jobs WHERE queue_name = 'archive' AND failed"
                  + " AND status = 'done'"),
          seededFailed);
      expect(
          failures,
          "every job whose abort was requested while running failed, whichever release asked",
          countIn(connection, "SELECT count(*) FROM jobs WHERE NOT failed AND id = ANY(?)"),
          0);
      expect(
          failures,
          "no other job failed",
          count(connection, "SELECT count(*) FROM jobs WHERE failed"),
          abortedIds.size() + seededFailed);
      expect(
          failures,
          "every failed job is done",
          count(connection, "SELECT count(*) FROM jobs WHERE failed AND status <> 'done'"),
          0);
      expect(
          failures,
          "every job says who enqueued it (seeded: backfilled up)",
          count(connection, "SELECT count(*) FROM jobs WHERE created_by IS NULL"),
          0);
      expect(
          failures,
          "release 3 signed its jobs",
          count(connection, "SELECT count(*) FROM jobs WHERE created_by = 'release 3'"),
          release3Jobs);
      expect(
          failures,
          "every job fetched since migration 3's expand has its event doing (versioned trigger)",
          count(
              connection,
              "SELECT count(*) FROM jobs j WHERE j.id > "
                  + lastJobBeforeRelease3
                  + " AND j.status <> 'todo' AND NOT EXISTS (SELECT 1 FROM job_events e"
                  + " WHERE e.job_id = j.id AND e.status = 'doing')"),
          0);
      expect(
          failures,
          "every job finished since migration 3's expand has its event done",
          count(
              connection,
              "SELECT count(*) FROM jobs j WHERE j.id > "
                  + lastJobBeforeRelease3
                  + " AND j.status = 'done' AND NOT EXISTS (SELECT 1 FROM job_events e"
                  + " WHERE e.job_id = j.id AND e.status = 'done')"),
          0);
      expect(
          failures,
          "the contract's relabelling of failed jobs recorded no event",
          count(
              connection,
              "SELECT count(*) FROM job_events e JOIN jobs j ON j.id = e.job_id"
                  + " WHERE j.queue_name = 'archive'"),
          0);
      return new Result(rows, failures);
    }
  }

  private static void expect(List<String> failures, String what, long actual, long expected) {
    if (actual != expected) {
      failures.add(what + ": expected " + expected + ", found " + actual);
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private long countIn(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Array ids = connection.createArrayOf("bigint", abortedIds.toArray());
      statement.setArray(1, ids);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
