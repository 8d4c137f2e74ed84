package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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

  /**
   * A partitioned table's key: {@code method} {@code RANGE}, {@code LIST} or {@code HASH}; {@code
   * columns} one per key element, the column's name or {@code null} for an expression; {@code
   * definition} as {@code pg_get_partkeydef} prints it.
   */
  public record PartitionKeyDef(String method, List<String> columns, String definition) {}

  private final Connection connection;

  public Catalog(Connection connection) {
    this.connection = connection;
  }

  public boolean tableExists(TableName table) throws SQLException {
    return "true".equals(single("SELECT (to_regclass(?) IS NOT NULL)::text", table.sql()));
  }

  /** The partition key of {@code table}, or {@code null} when it is not partitioned. */
  public PartitionKeyDef partitionKey(TableName table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT p.partstrat::text, pg_get_partkeydef(p.partrelid),"
                + " ARRAY(SELECT a.attname::text FROM unnest(p.partattrs::int2[]) WITH ORDINALITY"
                + " k(attnum, n) LEFT JOIN pg_attribute a ON a.attrelid = p.partrelid"
                + " AND a.attnum = k.attnum ORDER BY k.n)"
                + " FROM pg_partitioned_table p WHERE p.partrelid = to_regclass(?)")) {
      statement.setString(1, table.sql());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String method =
            switch (rs.getString(1)) {
              case "r" -> "RANGE";
              case "l" -> "LIST";
              case "h" -> "HASH";
              default -> rs.getString(1);
            };
        List<String> columns = Arrays.asList((String[]) rs.getArray(3).getArray());
        return new PartitionKeyDef(method, columns, rs.getString(2));
      }
    }
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

  /**
   * The labels of the enum type {@code declared} in their order; an empty list when the name is a
   * type that is not an enum, null when no type has that name.
   */
  public List<String> enumLabels(String declared) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT t.typtype = 'e', e.enumlabel FROM pg_type t"
                + " LEFT JOIN pg_enum e ON e.enumtypid = t.oid"
                + " WHERE t.oid = to_regtype(?) ORDER BY e.enumsortorder")) {
      statement.setString(1, declared);
      try (ResultSet rs = statement.executeQuery()) {
        List<String> out = null;
        while (rs.next()) {
          if (out == null) {
            out = new ArrayList<>();
          }
          if (rs.getBoolean(1) && rs.getString(2) != null) {
            out.add(rs.getString(2));
          }
        }
        return out;
      }
    }
  }

  /** Whether {@code declared} names an enum type. */
  public boolean isEnum(String declared) throws SQLException {
    return "e".equals(single("SELECT typtype FROM pg_type WHERE oid = to_regtype(?)", declared));
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

  /**
   * The constraints and unique keys of tables, as read by {@link #constraints}: keyed by the table
   * as declared.
   */
  public record Constraints(
      Set<String> tables,
      Map<String, Map<String, String>> kinds,
      Map<String, List<Set<String>>> keys,
      Set<String> withPrimaryKey) {

    static final Constraints NONE = new Constraints(Set.of(), Map.of(), Map.of(), Set.of());

    public boolean tableExists(String table) {
      return tables.contains(table);
    }

    /** The kind of the table's constraint of that name ({@code check}, ...), null when none. */
    public String constraintKind(String table, String name) {
      return kinds.getOrDefault(table, Map.of()).get(name);
    }

    /**
     * Whether a foreign key can reference these columns (no columns: the primary key): the primary
     * key, a unique constraint or a unique index without predicate or expressions, not deferrable,
     * on exactly these columns, in any order (as PostgreSQL requires).
     */
    public boolean hasKey(String table, List<String> columns) {
      if (columns.isEmpty()) {
        return withPrimaryKey.contains(table);
      }
      return keys.getOrDefault(table, List.of()).contains(Set.copyOf(columns));
    }
  }

  /**
   * The constraints and unique keys of the declared tables, in one query. A table that does not
   * exist is left out of {@link Constraints#tables}.
   */
  public Constraints constraints(Set<String> declared) throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    Map<String, Map<String, String>> kinds = new LinkedHashMap<>();
    Map<String, List<Set<String>>> keys = new LinkedHashMap<>();
    Set<String> primary = new LinkedHashSet<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "WITH t(name, sql) AS (SELECT * FROM unnest(?::text[], ?::text[]))"
                + " SELECT t.name, 'table', NULL, NULL FROM t WHERE to_regclass(t.sql) IS NOT NULL"
                + " UNION ALL"
                + " SELECT t.name, 'constraint', c.conname, CASE c.contype WHEN 'c' THEN 'check'"
                + " WHEN 'f' THEN 'foreign key' WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique"
                + " constraint' WHEN 'x' THEN 'exclusion constraint' ELSE 'constraint' END"
                + " FROM t JOIN pg_constraint c ON c.conrelid = to_regclass(t.sql)"
                + " UNION ALL"
                + " SELECT t.name, 'key', i.indisprimary::text, (SELECT string_agg(a.attname, ',')"
                + " FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE k.ord <= i.indnkeyatts)"
                + " FROM t JOIN pg_index i ON i.indrelid = to_regclass(t.sql)"
                + " WHERE i.indisunique AND i.indimmediate AND i.indpred IS NULL"
                + " AND i.indexprs IS NULL")) {
      statement.setArray(1, connection.createArrayOf("text", declared.toArray()));
      statement.setArray(
          2,
          connection.createArrayOf(
              "text", declared.stream().map(d -> TableName.parse(d).sql()).toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          switch (rs.getString(2)) {
            case "table" -> tables.add(table);
            case "constraint" ->
                kinds
                    .computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .put(rs.getString(3), rs.getString(4));
            default -> {
              if (Boolean.parseBoolean(rs.getString(3))) {
                primary.add(table);
              }
              keys.computeIfAbsent(table, t -> new ArrayList<>())
                  .add(new HashSet<>(Arrays.asList(rs.getString(4).split(","))));
            }
          }
        }
      }
    }
    return new Constraints(tables, kinds, keys, primary);
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

  /**
   * Whether {@code table}, or a partition of it, has a BEFORE UPDATE row trigger other than the
   * sync trigger (and its clones on partitions), enabled or not.
   */
  public boolean hasOtherBeforeUpdateRowTriggers(TableName table) throws SQLException {
    // tgtype bits: 1 row, 2 before, 16 update
    return "true"
        .equals(
            single(
                "WITH t(r) AS (SELECT to_regclass(?)) SELECT (count(*) > 0)::text FROM pg_trigger,"
                    + " t WHERE (tgrelid = t.r OR tgrelid IN (SELECT relid FROM"
                    + " pg_partition_tree(t.r))) AND NOT tgisinternal AND tgname <> '"
                    + SyncFunctionSql.TRIGGER_NAME
                    + "' AND tgtype::int & 19 = 19",
                table.sql()));
  }

  /** A sync trigger that fires on updates of listed columns only: its definition and its table. */
  public record NarrowedTrigger(String table, String definition) {}

  /**
   * Every sync trigger in the database created {@code UPDATE OF} columns (not partitions' clones).
   */
  public List<NarrowedTrigger> narrowedSyncTriggers() throws SQLException {
    List<NarrowedTrigger> out = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT format('%I.%I', n.nspname, c.relname), pg_get_triggerdef(t.oid)"
                + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE t.tgname = ? AND NOT t.tgisinternal AND t.tgparentid = 0"
                + " AND cardinality(t.tgattr::int2[]) > 0 ORDER BY 1")) {
      statement.setString(1, SyncFunctionSql.TRIGGER_NAME);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(new NarrowedTrigger(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /** Whether {@code table} has a (non-internal) trigger named {@code name}. */
  public boolean triggerExists(TableName table, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?"
                + " AND NOT tgisinternal")) {
      statement.setString(1, table.sql());
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /**
   * Whether the function {@code signature} ({@code name(types)}, as {@code regprocedure} reads it)
   * exists. An argument type the database does not know means it does not; PostgreSQL 13's {@code
   * to_regprocedure} raises an error for one (later majors return null), so the lookup runs under a
   * savepoint when the connection is in a transaction.
   */
  public boolean functionExists(String signature) throws SQLException {
    java.sql.Savepoint savepoint =
        connection.getAutoCommit() ? null : connection.setSavepoint("straddle_function_lookup");
    try {
      boolean exists =
          "true".equals(single("SELECT (to_regprocedure(?) IS NOT NULL)::text", signature));
      if (savepoint != null) {
        connection.releaseSavepoint(savepoint);
      }
      return exists;
    } catch (SQLException e) {
      if (savepoint != null) {
        connection.rollback(savepoint);
      }
      if ("42704".equals(e.getSQLState())) { // undefined_object: an unknown argument type
        return false;
      }
      throw e;
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
