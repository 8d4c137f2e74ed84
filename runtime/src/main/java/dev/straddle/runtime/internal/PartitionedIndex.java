package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An index on a partitioned table, which {@code CREATE INDEX CONCURRENTLY} cannot build
 * (docs/ARCHITECTURE.md, "Partitioned tables"): {@code CREATE INDEX ... ON ONLY} the table (a
 * catalog change; the index is INVALID), then on each partition an index built concurrently and
 * attached with {@code ALTER INDEX ... ATTACH PARTITION} (a sub-partitioned partition gets its own
 * {@code ON ONLY} index, filled the same way, then attached); PostgreSQL makes the parent's index
 * valid when the last partition's is attached. The steps are read from the catalog as it is, so a
 * rerun after a crash does only what is left: a partition whose index is attached is skipped, a
 * valid index not yet attached is attached, an INVALID leftover of an interrupted build is dropped
 * and built again. {@link IndexBuilder} runs the steps; {@code plan} prints them.
 */
final class PartitionedIndex {

  /** What a step is: one statement in a transaction, or one run concurrently on its own. */
  enum Kind {
    /** Catalog only ({@code ON ONLY}, {@code ATTACH}): one transaction under the lock timeout. */
    TRANSACTION,
    /** {@code DROP INDEX CONCURRENTLY} of an INVALID leftover on a partition. */
    DROP,
    /** {@code CREATE INDEX CONCURRENTLY} on a partition. */
    BUILD
  }

  /** One statement; {@code relation} and {@code index} name what a BUILD creates. */
  record Step(Kind kind, String sql, TableName relation, String index) {}

  private PartitionedIndex() {}

  /**
   * The steps that make {@code index} valid on the partitioned table it is declared on: empty when
   * it is valid already.
   */
  static List<Step> steps(Connection connection, IndexBuild index) throws SQLException {
    TableName table = TableName.parse(index.table());
    Boolean valid = new Catalog(connection).indexValid(table, index.name());
    List<Step> out = new ArrayList<>();
    if (Boolean.TRUE.equals(valid)) {
      return out;
    }
    if (valid == null) {
      out.add(new Step(Kind.TRANSACTION, onOnly(index.sql(), table), table, index.name()));
    }
    partitions(connection, index, table, index.name(), out);
    return out;
  }

  private static void partitions(
      Connection connection, IndexBuild index, TableName parent, String parentIndex, List<Step> out)
      throws SQLException {
    TableName declared = TableName.parse(index.table());
    Catalog catalog = new Catalog(connection);
    for (Partitions.Partition partition : Partitions.children(connection, parent)) {
      if (partition.foreign()) {
        continue; // no index can be built on it; the preflight refuses such a table
      }
      TableName child = partition.table();
      Attached attached = attached(connection, parent.qualify(parentIndex), child);
      if (attached != null) {
        if (!attached.valid() && partition.partitioned()) {
          partitions(connection, index, child, attached.name(), out);
        }
        continue;
      }
      String name = IndexSql.partitionIndexName(index.name(), child.name());
      String build = IndexSql.onPartition(index.sql(), declared, child, name);
      Boolean valid = catalog.indexValid(child, name);
      if (partition.partitioned()) {
        if (valid == null) {
          out.add(new Step(Kind.TRANSACTION, onOnly(build, child), child, name));
        }
        if (!Boolean.TRUE.equals(valid)) {
          partitions(connection, index, child, name, out);
        }
      } else {
        if (Boolean.FALSE.equals(valid)) {
          out.add(new Step(Kind.DROP, IndexSql.drop(child, name), child, name));
        }
        if (!Boolean.TRUE.equals(valid)) {
          out.add(new Step(Kind.BUILD, build, child, name));
        }
      }
      out.add(
          new Step(
              Kind.TRANSACTION, IndexSql.attach(parent, parentIndex, child, name), child, name));
    }
  }

  private static String onOnly(String build, TableName table) {
    String sql = IndexSql.onOnly(build, table);
    if (sql == null) {
      throw new IllegalStateException("not an index build Straddle generates: " + build);
    }
    return sql;
  }

  /** The index of {@code child} attached to {@code parentIndex}, or null. */
  private record Attached(String name, boolean valid) {}

  private static Attached attached(Connection connection, String parentIndex, TableName child)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c.relname, x.indisvalid FROM pg_inherits i"
                + " JOIN pg_index x ON x.indexrelid = i.inhrelid"
                + " JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass(?) AND x.indrelid = to_regclass(?)")) {
      statement.setString(1, parentIndex);
      statement.setString(2, child.sql());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new Attached(rs.getString(1), rs.getBoolean(2)) : null;
      }
    }
  }
}
