package dev.straddle.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small queries for the PostgreSQL tests of generated SQL; booleans read as "true"/"false". */
final class Db {

  private Db() {}

  /** Writes as code built with {@code head}. */
  static void write(TestDatabase db, int head, String sql) throws SQLException {
    try (Connection connection = db.connectAsHead(head);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String text(TestDatabase db, String sql) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertTrue(rows.next(), sql);
      String value = rows.getString(1);
      return value == null ? null : normalize(value);
    }
  }

  static String normalize(String value) {
    return value.equals("t") ? "true" : value.equals("f") ? "false" : value;
  }

  static long number(TestDatabase db, String sql) throws SQLException {
    return Long.parseLong(text(db, sql));
  }

  static boolean hasColumn(TestDatabase db, String column) throws SQLException {
    return number(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'jobs'::regclass AND NOT attisdropped"
                + " AND attname = '"
                + column
                + "'")
        == 1;
  }

  static boolean notNull(TestDatabase db, String column) throws SQLException {
    return text(
            db,
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'jobs'::regclass AND attname = '"
                + column
                + "'")
        .equals("true");
  }
}
