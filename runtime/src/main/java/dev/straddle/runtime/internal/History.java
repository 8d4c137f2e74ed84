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

/**
 * The {@code straddle_history} table: one row per applied migration. A rolled-back migration's row
 * stays, in phase {@code rolled_back} with who rolled it back and when, and is invisible to {@link
 * #read}: to everything else the migration is pending again, and a later expand of it (possibly
 * with another declaration) takes the row over (docs/ARCHITECTURE.md, "Rollback").
 */
public final class History {

  public static final String TABLE = "straddle_history";

  /**
   * The column that says a contract committed its transaction but still owes the statements that
   * follow it (docs/ARCHITECTURE.md, "Planner"); the last column added to the table.
   */
  static final String AFTER_PENDING = "contract_after_pending";

  /** The phase a rolled-back migration's row is in; {@link #read} leaves such rows out. */
  static final String ROLLED_BACK = "rolled_back";

  /** The column that says when a migration was last rolled back; the last column added. */
  static final String ROLLED_BACK_AT = "rolled_back_at";

  /** The name of the check constraint on {@code phase} (PostgreSQL's default for it). */
  private static final String PHASE_CHECK = "straddle_history_phase_check";

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
            + "  phase text NOT NULL CONSTRAINT "
            + PHASE_CHECK
            + " CHECK (phase IN ('expanded', 'backfilled', 'contracted', 'rolled_back')),\n"
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
            + "  contract_after_pending boolean NOT NULL DEFAULT false,\n"
            + "  rolled_back_at timestamptz,\n"
            + "  rolled_back_by text,\n"
            + "  rolled_back_checksum text,\n"
            + "  rollback_forced boolean NOT NULL DEFAULT false,\n"
            + "  rollback_forced_over text\n"
            + ")");
  }

  /** Columns added after the first release of the table: added to existing tables on use. */
  private List<String> upgrades() {
    return List.of(
        "ALTER TABLE "
            + table
            + " ADD COLUMN IF NOT EXISTS contract_forced boolean NOT NULL DEFAULT false,"
            + " ADD COLUMN IF NOT EXISTS contract_forced_over text,"
            + " ADD COLUMN IF NOT EXISTS contract_after_pending boolean NOT NULL DEFAULT false,"
            + " ADD COLUMN IF NOT EXISTS rolled_back_at timestamptz,"
            + " ADD COLUMN IF NOT EXISTS rolled_back_by text,"
            + " ADD COLUMN IF NOT EXISTS rolled_back_checksum text,"
            + " ADD COLUMN IF NOT EXISTS rollback_forced boolean NOT NULL DEFAULT false,"
            + " ADD COLUMN IF NOT EXISTS rollback_forced_over text,"
            + " DROP CONSTRAINT IF EXISTS "
            + PHASE_CHECK
            + ", ADD CONSTRAINT "
            + PHASE_CHECK
            + " CHECK (phase IN ('expanded', 'backfilled', 'contracted', 'rolled_back'))");
  }

  /** Creates the schema and table if missing. */
  public void create(Connection connection) throws SQLException {
    if (exists(connection)) {
      if (!hasColumn(connection, ROLLED_BACK_AT)) {
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

  /**
   * Every row of a migration applied and not rolled back, by id (empty when the table does not
   * exist yet): a rolled-back migration is pending again.
   */
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
                    + " WHERE h.phase <> '"
                    + ROLLED_BACK
                    + "' ORDER BY h.id, e.n")) {
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
                    + " WHERE phase <> '"
                    + ROLLED_BACK
                    + "' ORDER BY id")) {
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
                + " AS h (id, description, checksum, phase, expand_xid, backfill_before, fragments,"
                + " expand_ms, backfilled_at, backfill_ms)"
                + " VALUES (?, ?, ?, ?, pg_current_xact_id(),"
                + " pg_snapshot_xmax(pg_current_snapshot()), ?::jsonb, ?,"
                + " CASE WHEN ? THEN NULL ELSE now() END, CASE WHEN ? THEN NULL ELSE 0 END)"
                // A rolled-back migration applied again: its row is taken over (the rollback's
                // columns stay, as the record of the last rollback).
                + " ON CONFLICT (id) DO UPDATE SET description = excluded.description,"
                + " checksum = excluded.checksum, phase = excluded.phase,"
                + " expand_xid = excluded.expand_xid, backfill_before = excluded.backfill_before,"
                + " fragments = excluded.fragments, backfill_cursor = NULL, backfill_rows = 0,"
                + " expanded_at = now(), backfilled_at = excluded.backfilled_at,"
                + " contracted_at = NULL, expand_ms = excluded.expand_ms,"
                + " backfill_ms = excluded.backfill_ms, contract_ms = NULL,"
                + " applied_by = excluded.applied_by, applied_from = excluded.applied_from,"
                + " contract_forced = false, contract_forced_over = NULL, "
                + AFTER_PENDING
                + " = false WHERE h.phase = '"
                + ROLLED_BACK
                + "'")) {
      statement.setInt(1, migration.id());
      statement.setString(2, migration.description());
      statement.setString(3, migration.checksum());
      statement.setString(4, (needsBackfill ? Phase.EXPANDED : Phase.BACKFILLED).stored());
      statement.setString(5, Json.fragments(migration.fragments()));
      statement.setLong(6, millis);
      statement.setBoolean(7, needsBackfill);
      statement.setBoolean(8, needsBackfill);
      if (statement.executeUpdate() != 1) {
        // Not rolled back: applied already, which the run lock and the plan rule out.
        throw new SQLException(
            "migration " + migration.id() + " is already recorded in " + table, "23505");
      }
    }
  }

  /**
   * Records migration {@code id} rolled back, in the rollback's transaction: its phase becomes
   * {@code rolled_back} (so {@link #read} and everything built on it see it pending), its backfill
   * cursor and row count are cleared, and who rolled it back, when, the checksum it was applied
   * with and {@code forcedOver} (non-null when {@code --force} overrode the rollback guard: the
   * live instances that needed it) are kept. Returns whether the row was in flight (false: an
   * earlier run rolled it back already).
   */
  public boolean markRolledBack(Connection connection, int id, String forcedOver)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table
                + " SET phase = '"
                + ROLLED_BACK
                + "', rolled_back_at = now(), rolled_back_by = current_user,"
                + " rolled_back_checksum = checksum, rollback_forced = ?,"
                + " rollback_forced_over = ?, backfill_cursor = NULL, backfill_rows = 0"
                + " WHERE id = ? AND phase IN ('expanded', 'backfilled')")) {
      statement.setBoolean(1, forcedOver != null);
      statement.setString(2, forcedOver);
      statement.setInt(3, id);
      return statement.executeUpdate() == 1;
    }
  }

  /** Checkpoints a backfill batch, in the batch's transaction. */
  public void checkpoint(Connection connection, int id, String cursorJson, long rows, long millis)
      throws SQLException {
    checkpoint(connection, id, cursorJson, rows, millis, null);
  }

  /**
   * Checkpoints a backfill batch, in the batch's transaction, and returns the integer {@code
   * countSql} (a query of one row and column, run after the checkpoint in the same statement; 0
   * when {@code null}): one round trip for both.
   */
  public int checkpoint(
      Connection connection, int id, String cursorJson, long rows, long millis, String countSql)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE "
                + table
                + " SET backfill_cursor = ?::jsonb, backfill_rows = backfill_rows + ?,"
                + " backfill_ms = coalesce(backfill_ms, 0) + ? WHERE id = ?"
                + (countSql == null ? "" : " RETURNING (" + countSql + ")"))) {
      statement.setString(1, cursorJson);
      statement.setLong(2, rows);
      statement.setLong(3, millis);
      statement.setInt(4, id);
      if (countSql == null) {
        statement.executeUpdate();
        return 0;
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
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
