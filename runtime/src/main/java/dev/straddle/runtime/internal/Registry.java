package dev.straddle.runtime.internal;

import dev.straddle.runtime.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code straddle_instances} table beside the history: one row per running application instance
 * (see docs/RUNTIME.md, "Instance registry"). Liveness is judged on the database's clock: a row is
 * live while {@code heartbeat_at + expiry_ms} is in the future.
 */
public final class Registry {

  public static final String TABLE = "straddle_instances";

  private static final String LIVE = "heartbeat_at + expiry_ms * interval '1 millisecond'";

  private final OwnTable own;
  private final String table;

  public Registry(String schema) {
    this.own = new OwnTable(schema, TABLE);
    this.table = own.sql();
  }

  /** The qualified, quoted table name. */
  public String table() {
    return table;
  }

  /** The table's DDL (idempotent). */
  public List<String> ddl() {
    return List.of(
        own.createSchema(),
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (\n"
            + "  id uuid PRIMARY KEY,\n"
            + "  head integer NOT NULL,\n"
            + "  host text NOT NULL,\n"
            + "  pid bigint,\n"
            + "  application text,\n"
            + "  started_at timestamptz NOT NULL,\n"
            + "  heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
            + "  expiry_ms bigint NOT NULL CHECK (expiry_ms > 0)\n"
            + ")");
  }

  public boolean exists(Connection connection) throws SQLException {
    return own.exists(connection);
  }

  /** Creates the schema and table if missing; tolerates a concurrent creator. */
  public void create(Connection connection) throws SQLException {
    if (exists(connection)) {
      return;
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : ddl()) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      // Two instances creating it at once: one wins, the other sees a unique violation.
      if (!exists(connection)) {
        throw e;
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * The heartbeat: inserts the instance, or moves its {@code heartbeat_at} to now. One statement;
   * an instance whose row was deleted as expired comes back.
   */
  public void beat(Connection connection, Instance instance, long expiryMillis)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (id, head, host, pid, application, started_at, heartbeat_at, expiry_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, clock_timestamp(), ?)"
                + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = clock_timestamp()")) {
      statement.setObject(1, instance.id());
      statement.setInt(2, instance.head());
      statement.setString(3, instance.host());
      statement.setLong(4, instance.pid());
      statement.setString(5, instance.application());
      statement.setObject(6, OffsetDateTime.ofInstant(instance.startedAt(), ZoneOffset.UTC));
      statement.setLong(7, expiryMillis);
      statement.executeUpdate();
    }
  }

  public void delete(Connection connection, UUID id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      statement.setObject(1, id);
      statement.executeUpdate();
    }
  }

  /** Deletes rows expired for more than {@code graceMillis}; returns how many. */
  public int prune(Connection connection, long graceMillis) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "DELETE FROM "
                + table
                + " WHERE "
                + LIVE
                + " + ? * interval '1 millisecond' < clock_timestamp()")) {
      statement.setLong(1, graceMillis);
      return statement.executeUpdate();
    }
  }

  /** Live instances (none when the table does not exist), by head then start. */
  public List<Instance> live(Connection connection) throws SQLException {
    return read(connection, true);
  }

  /** Every row, live or expired (none when the table does not exist). */
  public List<Instance> all(Connection connection) throws SQLException {
    return read(connection, false);
  }

  private List<Instance> read(Connection connection, boolean liveOnly) throws SQLException {
    List<Instance> out = new ArrayList<>();
    if (!exists(connection)) {
      return out;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, head, host, pid, application, started_at, heartbeat_at, "
                    + LIVE
                    + " > clock_timestamp() FROM "
                    + table
                    + (liveOnly ? " WHERE " + LIVE + " > clock_timestamp()" : "")
                    + " ORDER BY head, started_at, id")) {
      while (rs.next()) {
        long pid = rs.getLong(4);
        out.add(
            new Instance(
                rs.getObject(1, UUID.class),
                rs.getInt(2),
                rs.getString(3),
                rs.wasNull() ? -1 : pid,
                rs.getString(5),
                instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)),
                rs.getBoolean(8)));
      }
    }
    return out;
  }

  /**
   * In a contract's transaction: blocks registrations and heartbeats until it commits, so an
   * instance of older code cannot register between the guard's check and the drop (it then finds
   * the migration contracted, and its startup guard refuses).
   */
  public String lockAgainstRegistrations() {
    return "LOCK TABLE " + table + " IN SHARE MODE";
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
