package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of a partitioned table, read from the live catalog ({@code pg_inherits}) when the
 * runner needs them, never from the plan: partitions are often created by the application or by
 * hand, outside Straddle, and one attached after the expand must be backfilled and indexed too
 * (docs/ARCHITECTURE.md, "Partitioned tables").
 */
final class Partitions {

  private Partitions() {}

  /**
   * One partition: its schema-qualified name, and whether it is itself partitioned (a
   * sub-partitioned table, {@code relkind 'p'}) or a foreign table ({@code 'f'}).
   */
  record Partition(TableName table, String relkind) {
    boolean partitioned() {
      return "p".equals(relkind);
    }

    boolean foreign() {
      return "f".equals(relkind);
    }

    /** The quoted, schema-qualified name: how the backfill cursor records a partition. */
    String key() {
      return table.sql();
    }
  }

  /** Whether {@code table} is a partitioned table ({@code relkind 'p'}). */
  static boolean partitioned(Connection connection, TableName table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(?)")) {
      statement.setString(1, table.sql());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** The direct partitions of {@code table}, by schema and name. */
  static List<Partition> children(Connection connection, TableName table) throws SQLException {
    return read(
        connection,
        "SELECT n.nspname, c.relname, c.relkind::text FROM pg_inherits i"
            + " JOIN pg_class c ON c.oid = i.inhrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE i.inhparent = to_regclass(?) ORDER BY n.nspname, c.relname",
        table);
  }

  /**
   * The leaf partitions of {@code table} (the ones that hold rows), through every level of
   * sub-partitioning, by schema and name.
   */
  static List<Partition> leaves(Connection connection, TableName table) throws SQLException {
    return read(
        connection,
        "WITH RECURSIVE tree(oid) AS (SELECT inhrelid FROM pg_inherits"
            + " WHERE inhparent = to_regclass(?)"
            + " UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid)"
            + " SELECT n.nspname, c.relname, c.relkind::text FROM tree"
            + " JOIN pg_class c ON c.oid = tree.oid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind <> 'p' ORDER BY n.nspname, c.relname",
        table);
  }

  private static List<Partition> read(Connection connection, String sql, TableName table)
      throws SQLException {
    List<Partition> out = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, table.sql());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(new Partition(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3)));
        }
      }
    }
    return out;
  }
}
