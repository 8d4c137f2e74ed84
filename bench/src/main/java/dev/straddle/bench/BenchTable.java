package dev.straddle.bench;

import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the {@code items} table with {@code rows} rows, vacuumed, in a database. */
final class BenchTable {

  private BenchTable() {}

  static void create(TestDatabase database, long rows) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL,"
              + " qty integer NOT NULL, pad text)");
      statement.execute(
          "INSERT INTO items SELECT g, 'item ' || g, (g % 1000)::int, repeat('x', 40)"
              + " FROM generate_series(1, "
              + rows
              + ") AS g");
      statement.execute("VACUUM (ANALYZE) items");
      statement.execute("CHECKPOINT");
    }
  }

  /** Seconds {@code sql} takes on a new connection of {@code head} (null: no setting). */
  static double time(TestDatabase database, Integer head, String sql) throws SQLException {
    try (Connection connection = head == null ? database.connect() : database.connectAsHead(head);
        Statement statement = connection.createStatement()) {
      long start = System.nanoTime();
      statement.execute(sql);
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
