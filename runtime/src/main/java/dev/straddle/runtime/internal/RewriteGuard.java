package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The safety net of expand (docs/ARCHITECTURE.md, "Volatile defaults"): expand may change only the
 * catalog of the tables it alters. A statement that makes PostgreSQL rewrite a table (a volatile
 * default in {@code ADD COLUMN}, a type change) holds ACCESS EXCLUSIVE while it writes every row
 * anew, and stamps them all with the expand's transaction id, so the backfill would skip them. The
 * guard reads the {@code pg_relation_filenode} of every existing table the migration names before
 * the statements and again after each one; a new filenode fails the expand (the transaction rolls
 * back), naming the migration, the table and the statement.
 */
final class RewriteGuard {

  /** A relation the guard watches: its name for SQL and its filenode before the statements. */
  private record Watched(String sql, long filenode) {}

  private final Map<String, Watched> filenodes;

  private RewriteGuard(Map<String, Watched> filenodes) {
    this.filenodes = filenodes;
  }

  /** Reads the filenodes of the migration's existing tables, inside the expand transaction. */
  static RewriteGuard before(Connection connection, PlannedMigration migration)
      throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    for (SchemaExpectation e : migration.expectations()) {
      if (e.present() && e.subject() != SchemaExpectation.Subject.FUNCTION) {
        tables.add(e.table()); // (a function fact's "table" is its schema)
      }
    }
    tables.addAll(SyncComposer.tablesOf(migration.fragments()));
    Map<String, Watched> filenodes = new LinkedHashMap<>();
    for (String table : tables) {
      TableName name = TableName.parse(table);
      Long filenode = filenode(connection, name.sql());
      if (filenode != null) {
        filenodes.put(table, new Watched(name.sql(), filenode));
      } else if (Partitions.partitioned(connection, name)) {
        // A partitioned table has no storage of its own: its leaf partitions are rewritten.
        for (Partitions.Partition leaf : Partitions.leaves(connection, name)) {
          Long leafNode = filenode(connection, leaf.key());
          if (leafNode != null) {
            filenodes.put(
                table + " (partition " + leaf.table() + ")", new Watched(leaf.key(), leafNode));
          }
        }
      }
    }
    return new RewriteGuard(filenodes);
  }

  /** Fails when the statement just run rewrote one of the tables. */
  void check(Connection connection, PlannedMigration migration, String statement)
      throws SQLException {
    for (Map.Entry<String, Watched> entry : filenodes.entrySet()) {
      Long now = filenode(connection, entry.getValue().sql());
      if (now != null && !Objects.equals(now, entry.getValue().filenode())) {
        throw StraddleException.at(
            migration.id(),
            Transition.EXPAND,
            statement,
            null,
            ErrorCode.TABLE_REWRITE,
            entry.getKey(),
            entry.getValue().filenode(),
            now);
      }
    }
  }

  private static Long filenode(Connection connection, String regclass) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_relation_filenode(to_regclass(?))")) {
      statement.setString(1, regclass);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
      }
    }
  }
}
