package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One of Straddle's own tables (history, instances, procedures), in the configured schema. */
record OwnTable(String schema, String name) {

  /** The qualified, quoted name. */
  String sql() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }

  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema);
  }

  boolean exists(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, sql());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
