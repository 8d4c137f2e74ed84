package dev.straddle.runtime.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;

/**
 * The {@code straddle_builds} table beside the history: the head of every build that completed a
 * changing command, with its first and last run. It tells {@code migrate} which release a build
 * replaces: the build that last completed a run among the lower heads (docs/ARCHITECTURE.md, "Which
 * release a deploy replaces"). Written under the run lock, at the end of a run that succeeded.
 */
public final class Builds {

  public static final String TABLE = "straddle_builds";

  private final OwnTable own;
  private final String table;

  public Builds(String schema) {
    this.own = new OwnTable(schema, TABLE);
    this.table = own.sql();
  }

  /** The qualified, quoted table name. */
  public String table() {
    return table;
  }

  /** The table's DDL (idempotent; the schema exists already, the history lives in it). */
  public String ddl() {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (\n"
        + "  head integer PRIMARY KEY,\n"
        + "  first_run_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
        + "  last_run_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
        + "  runs bigint NOT NULL DEFAULT 1,\n"
        + "  last_command text NOT NULL,\n"
        + "  last_run_by text NOT NULL DEFAULT current_user\n"
        + ")";
  }

  /** Records a completed run of the build with {@code head} (creating the table if missing). */
  public void record(Connection connection, int head, String command) throws SQLException {
    if (!own.exists(connection)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ddl());
      }
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " AS b (head, last_command) VALUES (?, ?) ON CONFLICT (head) DO UPDATE SET"
                + " last_run_at = clock_timestamp(), runs = b.runs + 1,"
                + " last_command = excluded.last_command, last_run_by = current_user")) {
      statement.setInt(1, head);
      statement.setString(2, command);
      statement.executeUpdate();
    }
  }

  /**
   * The head of the release a build with {@code head} replaces: among the recorded heads below it,
   * the one whose last run is the most recent. Empty when none is recorded (first run, or a
   * database from before this table).
   */
  public OptionalInt replaced(Connection connection, int head) throws SQLException {
    if (!own.exists(connection)) {
      return OptionalInt.empty();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT head FROM "
                + table
                + " WHERE head < ? ORDER BY last_run_at DESC, head DESC LIMIT 1")) {
      statement.setInt(1, head);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
      }
    }
  }
}
