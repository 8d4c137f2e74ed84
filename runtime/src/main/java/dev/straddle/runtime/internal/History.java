package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.runtime.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code straddle_history} table: one row per applied migration. */
public final class History {

  public static final String TABLE = "straddle_history";

  /**
   * The column that says a contract committed its transaction but still owes the statements that
   * follow it (docs/ARCHITECTURE.md, "Planner"); the last column added to the table.
   */
  static final String AFTER_PENDING = "contract_after_pending";

  private final OwnTable own;
  private final String table;

  public History(String schema) {
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
            + "  id integer PRIMARY KEY,\n"
            + "  description text NOT NULL,\n"
            + "  checksum text NOT NULL,\n"
            + "  phase text NOT NULL CHECK (phase IN ('expanded', 'backfilled', 'contracted')),\n"
            + "  expand_xid xid8 NOT NULL,\n"
            + "  backfill_before xid8 NOT NULL,\n"
            + "  fragments jsonb NOT NULL DEFAULT '[]',\n"
            + "  backfill_cursor jsonb,\n"
            + "  backfill_rows bigint NOT NULL DEFAULT 0,\n"
            + "  expanded_at timestamptz NOT NULL DEFAULT now(),\n"
            + "  backfilled_at timestamptz,\n"
            + "  contracted_at timestamptz,\n"
            + "  expand_ms bigint,\n"
            + "  backfill_ms bigint,\n"
            + "  contract_ms bigint,\n"
            + "  applied_by text NOT NULL DEFAULT current_user,\n"
            + "  applied_from text NOT NULL DEFAULT coalesce(inet_client_addr()::text, 'local')\n"
            + "    || ' ' || coalesce(current_setting('application_name', true), ''),\n"
            + "  contract_forced boolean NOT NULL DEFAULT false,\n"
            + "  contract_forced_over text,\n"
            + "  contract_after_pending boolean NOT NULL DEFAULT false\n"
            + ")");
  }

  /** Columns added after the first release of the table: added to existing tables on use. */
  private List<String> upgrades() {
    return List.of(
        "ALTER TABLE "
            + table
            + " ADD COLUMN IF NOT EXISTS contract_forced boolean NOT NULL DEFAULT false,"
            + " ADD COLUMN IF NOT EXISTS contract_forced_over text,"
            + " ADD COLUMN IF NOT EXISTS contract_after_pending boolean NOT NULL DEFAULT false");
  }

  /** Creates the schema and table if missing. */
  public void create(Connection connection) throws SQLException {
    if (exists(connection)) {
      if (!hasColumn(connection, AFTER_PENDING)) {
        try (Statement statement = connection.createStatement()) {
          for (String sql : upgrades()) {
            statement.execute(sql);
          }
        }
      }
      return;
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : ddl()) {
        statement.execute(sql);
      }
    }
  }

  public boolean exists(Connection connection) throws SQLException {
    return own.exists(connection);
  }

  private boolean hasColumn(Connection connection, String column) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?"
                + " AND NOT attisdropped")) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Every row, by id (empty when the table does not exist yet). */
  public TreeMap<Integer, HistoryRow> read(Connection connection) throws SQLException {
    TreeMap<Integer, HistoryRow> rows = new TreeMap<>();
    if (!exists(connection)) {
      return rows;
    }
    Map<Integer, List<SyncFragment>> fragments = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT h.id, f->>'table', f->>'direction', f->>'column', f->>'expression' FROM "
                    + table
                    + " h, jsonb_array_elements(h.fragments) WITH ORDINALITY AS e(f, n)"
                    + " ORDER BY h.id, e.n")) {
      while (rs.next()) {
        fragments
            .computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
            .add(
                new SyncFragment(
                    rs.getString(2),
                    SyncFragment.Direction.valueOf(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5)));
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, description, checksum, phase, expand_xid::text, backfill_before::text,"
                    + " backfill_cursor::text, backfill_rows FROM "
                    + table
                    + " ORDER BY id")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        rows.put(
            id,
            new HistoryRow(
                id,
                rs.getString(2),
                rs.getString(3),
                Phase.fromStored(rs.getString(4)),
                Long.parseLong(rs.getString(5)),
                Long.parseLong(rs.getString(6)),
                fragments.getOrDefault(id, List.of()),
                rs.getString(7),
                rs.getLong(8)));
      }
    }
    return rows;
  }

  /**
   * Records {@code migration} as expanded (or straight as backfilled), in the caller's tx, which
   * must already hold a lock on every table it touches that conflicts with writers: {@code
   * backfill_before} is then the xmax of a snapshot taken once every writer that wrote without the
   * new trigger has finished (see docs/ARCHITECTURE.md, "Backfill").
   */
  public void insertExpanded(
      Connection connection, PlannedMigration migration, boolean needsBackfill, long millis)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (id, description, checksum, phase, expand_xid, backfill_before, fragments,"
                + " expand_ms, backfilled_at, backfill_ms)"
                + " VALUES (?, ?, ?, ?, pg_current_xact_id(),"
                + " pg_snapshot_xmax(pg_current_snapshot()), ?::jsonb, ?,"
                + " CASE WHEN ? THEN NULL ELSE now() END, CASE WHEN ? THEN NULL ELSE 0 END)")) {
      statement.setInt(1, migration.id());
      statement.setString(2, migration.description());
      statement.setString(3, migration.checksum());
      statement.setString(4, (needsBackfill ? Phase.EXPANDED : Phase.BACKFILLED).stored());
      statement.setString(5, Json.fragments(migration.fragments()));
      statement.setLong(6, millis);
      statement.setBoolean(7, needsBackfill);
      statement.setBoolean(8, needsBackfill);
      statement.executeUpdate();
    }
  }

  /** Checkpoints a backfill batch, in the batch's transaction. */
  public void checkpoint(Connection connection, int id, String cursorJson, long rows, long millis)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table
                + " SET backfill_cursor = ?::jsonb, backfill_rows = backfill_rows + ?,"
                + " backfill_ms = coalesce(backfill_ms, 0) + ? WHERE id = ?")) {
      statement.setString(1, cursorJson);
      statement.setLong(2, rows);
      statement.setLong(3, millis);
      statement.setInt(4, id);
      statement.executeUpdate();
    }
  }

  public void markBackfilled(Connection connection, int id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table
                + " SET phase = 'backfilled', backfilled_at = now(),"
                + " backfill_ms = coalesce(backfill_ms, 0) WHERE id = ? AND phase = 'expanded'")) {
      statement.setInt(1, id);
      statement.executeUpdate();
    }
  }

  public void markContracted(Connection connection, int id, long millis) throws SQLException {
    markContracted(connection, id, millis, null, false);
  }

  /**
   * Records the contract; {@code forcedOver} (non-null when {@code --force} overrode the contract
   * guard) names the live instances that still needed the migration; {@code afterPending}: the
   * contract has statements to run after its transaction, owed until {@link #markContractFinished}.
   */
  public void markContracted(
      Connection connection, int id, long millis, String forcedOver, boolean afterPending)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table
                + " SET phase = 'contracted', contracted_at = now(), contract_ms = ?,"
                + " contract_forced = ?, contract_forced_over = ?, "
                + AFTER_PENDING
                + " = ? WHERE id = ?")) {
      statement.setLong(1, millis);
      statement.setBoolean(2, forcedOver != null);
      statement.setString(3, forcedOver);
      statement.setBoolean(4, afterPending);
      statement.setInt(5, id);
      statement.executeUpdate();
    }
  }

  /** Records that the statements after migration {@code id}'s contract transaction all ran. */
  public void markContractFinished(Connection connection, int id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE " + table + " SET " + AFTER_PENDING + " = false WHERE id = ?")) {
      statement.setInt(1, id);
      statement.executeUpdate();
    }
  }

  /**
   * The contracted migrations whose statements after the contract transaction have not all run (a
   * run stopped between the commit and their end), ascending; empty when the table or the column
   * does not exist yet.
   */
  public List<Integer> unfinishedContracts(Connection connection) throws SQLException {
    List<Integer> out = new ArrayList<>();
    if (!exists(connection) || !hasColumn(connection, AFTER_PENDING)) {
      return out;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id FROM "
                    + table
                    + " WHERE phase = 'contracted' AND "
                    + AFTER_PENDING
                    + " ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  /** In-flight rows (expanded or backfilled) with a fragment on {@code table}, ascending id. */
  public List<HistoryRow> inFlightOn(Connection connection, String declaredTable)
      throws SQLException {
    List<HistoryRow> out = new ArrayList<>();
    for (HistoryRow row : read(connection).values()) {
      if (row.inFlight()
          && row.fragments().stream().anyMatch(f -> f.table().equals(declaredTable))) {
        out.add(row);
      }
    }
    return out;
  }
}
