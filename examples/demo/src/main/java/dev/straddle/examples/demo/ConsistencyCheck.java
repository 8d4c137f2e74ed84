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

  Result run(long expectedRows, long seededRows) throws SQLException {
    List<String> failures = new ArrayList<>();
    try (Connection connection = database.connectAsHead(2)) {
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
          "queue_name and abort_requested are NOT NULL columns",
          count(
              connection,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = 'jobs'"
                  + " AND column_name IN ('queue_name', 'abort_requested')"
                  + " AND is_nullable = 'NO'"),
          2);
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
          "every job whose abort was requested while running failed, whichever release asked",
          countIn(connection, "SELECT count(*) FROM jobs WHERE status <> 'failed' AND id = ANY(?)"),
          0);
      expect(
          failures,
          "no other job failed",
          count(connection, "SELECT count(*) FROM jobs WHERE status = 'failed'"),
          abortedIds.size());
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
