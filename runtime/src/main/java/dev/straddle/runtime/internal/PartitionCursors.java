package dev.straddle.runtime.internal;

import dev.straddle.runtime.Transition;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-partition backfill cursor in a migration's history row (docs/ARCHITECTURE.md,
 * "Partition-parallel backfill"): {@code {"table": t, "done": false, "partitions": {"<leaf>":
 * {"after": [key], "done": bool}}}}, read back as positions (a stream's cursor too), and written
 * one partition's entry at a time by that partition's batches ({@link LeafCheckpoint}).
 */
final class PartitionCursors {

  private static final Transition PHASE = Transition.BACKFILL;

  private final History history;
  private final Settings settings;

  PartitionCursors(History history, Settings settings) {
    this.history = history;
    this.settings = settings;
  }

  /** One partition's position: the last key done (empty: none yet), and whether it is done. */
  record Position(List<String> after, boolean done) {}

  /**
   * The stored positions of {@code table}'s partitions: the per-partition cursor's entries, or a
   * stream's cursor read as positions (its partitions done, and the one in progress).
   */
  Map<String, Position> read(Connection connection, int id, String table) throws SQLException {
    String from =
        " FROM " + history.table() + " h WHERE h.id = ? AND h.backfill_cursor->>'table' = ?";
    String sql =
        "SELECT p.key, ARRAY(SELECT jsonb_array_elements_text(coalesce(p.value->'after', '[]'))),"
            + " coalesce((p.value->>'done')::boolean, false)"
            + from.replace(
                " WHERE",
                ", jsonb_each(coalesce(h.backfill_cursor->'partitions'," + " '{}')) p WHERE")
            + " UNION ALL SELECT d, ARRAY[]::text[], true"
            + from.replace(
                " WHERE",
                ", jsonb_array_elements_text(coalesce("
                    + "h.backfill_cursor->'partitions_done', '[]')) d WHERE")
            + " UNION ALL SELECT h.backfill_cursor->>'partition', ARRAY(SELECT"
            + " jsonb_array_elements_text(coalesce(h.backfill_cursor->'after', '[]'))), false"
            + from
            + " AND h.backfill_cursor->>'partition' IS NOT NULL";
    Map<String, Position> positions = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < 3; i++) {
        statement.setInt(2 * i + 1, id);
        statement.setString(2 * i + 2, table);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Array array = rs.getArray(2);
          Position read = new Position(List.of((String[]) array.getArray()), rs.getBoolean(3));
          // A stream's cursor names the partition it finished both as done and in progress.
          positions.merge(rs.getString(1), read, (a, b) -> a.done() ? a : b.done() ? b : a);
        }
      }
    }
    return positions;
  }

  /** The per-partition cursor of {@code table}: {@code partitions} maps each to its position. */
  static String cursor(String table, Map<String, Position> positions) {
    StringBuilder out =
        new StringBuilder("{\"table\": ")
            .append(Json.string(table))
            .append(", \"done\": false, \"partitions\": {");
    boolean first = true;
    for (Map.Entry<String, Position> entry : positions.entrySet()) {
      out.append(first ? "" : ", ")
          .append(Json.string(entry.getKey()))
          .append(": ")
          .append(position(entry.getValue().after(), entry.getValue().done()));
      first = false;
    }
    return out.append("}}").toString();
  }

  /** One partition's entry: {@code {"after": [...], "done": false}}. */
  static String position(List<String> after, boolean done) {
    StringBuilder out = new StringBuilder("{\"after\": [");
    for (int i = 0; i < after.size(); i++) {
      out.append(i == 0 ? "" : ", ")
          .append(after.get(i) == null ? "null" : Json.string(after.get(i)));
    }
    return out.append("], \"done\": ").append(done).append('}').toString();
  }

  /**
   * The checkpoint of one partition's batch, in the batch's transaction: replaces only that
   * partition's entry of the cursor ({@code jsonb_set} on the row as it is when the update gets its
   * lock, so concurrent workers' entries are kept) and adds the batch's rows and time; it commits
   * only while the run's session holds the run lock, or the batch rolls back as a lost run lock.
   */
  /**
   * Marks the table of migration {@code id}'s per-partition cursor done, every partition walked.
   */
  void markDone(Connection connection, int id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + history.table()
                + " SET backfill_cursor = jsonb_set(backfill_cursor, '{done}', 'true')"
                + " WHERE id = ?")) {
      statement.setInt(1, id);
      statement.executeUpdate();
    }
  }

  /** The checkpoint of leaf partition {@code partition}'s batches of migration {@code id}. */
  LeafCheckpoint leaf(int id, String partition, int runnerPid) {
    return new LeafCheckpoint(id, partition, runnerPid);
  }

  final class LeafCheckpoint {
    private final int id;
    private final String partition;
    private final int runnerPid;

    LeafCheckpoint(int id, String partition, int runnerPid) {
      this.id = id;
      this.partition = partition;
      this.runnerPid = runnerPid;
    }

    /**
     * Writes the batch's checkpoint and returns the integer {@code countSql} (one row and column,
     * run after the checkpoint in the same statement; 0 when {@code null}), as {@link
     * History#checkpoint} does for one stream.
     */
    int write(
        Connection connection,
        List<String> after,
        boolean finished,
        long rows,
        long millis,
        String countSql)
        throws SQLException {
      String sql =
          "UPDATE "
              + history.table()
              + " SET backfill_cursor = jsonb_set(backfill_cursor, ARRAY['partitions', ?],"
              + " ?::jsonb), backfill_rows = backfill_rows + ?,"
              + " backfill_ms = coalesce(backfill_ms, 0) + ? WHERE id = ? AND EXISTS (SELECT 1"
              + " FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::bigint::oid"
              + " AND objid = ?::bigint::oid AND objsubid = 2 AND pid = ? AND granted)"
              + " RETURNING ("
              + (countSql == null ? "0" : countSql)
              + ")";
      Integer counted = null;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, partition);
        statement.setString(2, position(after, finished));
        statement.setLong(3, rows);
        statement.setLong(4, millis);
        statement.setInt(5, id);
        statement.setLong(6, Integer.toUnsignedLong(RunLock.CLASS_KEY));
        statement.setLong(7, Integer.toUnsignedLong(RunLock.objectKey(settings.historySchema())));
        statement.setInt(8, runnerPid);
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            counted = rs.getInt(1);
          }
        }
      }
      if (counted == null) {
        throw RunLock.lostError(
            new SQLException(
                "the run's session (pid "
                    + runnerPid
                    + ") no longer holds the run lock; this worker's batch on "
                    + partition
                    + " was rolled back",
                "08006"),
            id,
            PHASE,
            sql);
      }
      return counted;
    }
  }
}
