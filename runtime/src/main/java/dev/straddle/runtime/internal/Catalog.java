package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Questions to the live catalog. Tables are looked up as declared ({@code name} resolves through
 * the session's search_path, as in plain SQL).
 */
public final class Catalog {

  /** One primary-key column and its type as {@code format_type} spells it. */
  public record KeyColumn(String name, String type) {}

  private final Connection connection;

  public Catalog(Connection connection) {
    this.connection = connection;
  }

  public boolean tableExists(TableName table) throws SQLException {
    return "true".equals(single("SELECT (to_regclass(?) IS NOT NULL)::text", table.sql()));
  }

  /**
   * Whether the index {@code name} beside {@code table} is valid: {@code true}, {@code false} for
   * an INVALID leftover of a failed concurrent build, {@code null} when there is none.
   */
  public Boolean indexValid(TableName table, String name) throws SQLException {
    String valid =
        single(
            "SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass(?)",
            table.qualify(name));
    return valid == null ? null : Boolean.valueOf(valid);
  }

  /** Column names of {@code table} (empty when it does not exist). */
  public Set<String> columns(TableName table) throws SQLException {
    return columnTypes(table).keySet();
  }

  /** Column name → base type ({@code format_type} without typmod), in column order. */
  public Map<String, String> columnTypes(TableName table) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped"
                + " ORDER BY attnum")) {
      statement.setString(1, table.sql());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /** A declared type's base name as the catalog spells it ({@code int} → {@code integer}). */
  public String normalizeType(String declared) throws SQLException {
    return single("SELECT format_type(to_regtype(?), NULL)", declared);
  }

  /** The primary key's columns, in key order (empty when the table has none). */
  public List<KeyColumn> primaryKey(TableName table) throws SQLException {
    List<KeyColumn> out = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.ord")) {
      statement.setString(1, table.sql());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(new KeyColumn(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  public boolean syncTriggerExists(TableName table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?")) {
      statement.setString(1, table.sql());
      statement.setString(2, SyncFunctionSql.TRIGGER_NAME);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Whether the server has CREATE OR REPLACE TRIGGER (PostgreSQL 14 and later). */
  public boolean canReplaceTriggers() throws SQLException {
    return connection.getMetaData().getDatabaseMajorVersion() >= 14;
  }

  /** The planner's row estimate, or -1 when unknown. */
  public long estimatedRows(TableName table) throws SQLException {
    String value =
        single(
            "SELECT reltuples::bigint::text FROM pg_class WHERE oid = to_regclass(?)", table.sql());
    return value == null ? -1 : Math.max(-1, Long.parseLong(value));
  }

  /** Every table the declared names resolve to, deduplicated, in order. */
  public static Set<TableName> tables(Iterable<String> declared) {
    Set<TableName> out = new LinkedHashSet<>();
    for (String name : declared) {
      out.add(TableName.parse(name));
    }
    return out;
  }

  private String single(String sql, String parameter) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String value = rs.getString(1);
        return value;
      }
    }
  }
}
