package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.ProcedureVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code straddle_procedures} table beside the history: one row per procedure version the
 * runner created, with the checksum of its declaration, so a version changed after it was applied
 * is refused with its own message. Created by the first expand of a migration with procedures, in
 * that expand's transaction.
 */
public final class ProcedureHistory {

  public static final String TABLE = "straddle_procedures";

  /** A recorded version. */
  public record Row(
      String name,
      int version,
      String objectName,
      int migration,
      String checksum,
      boolean dropped) {}

  private final OwnTable own;
  private final String table;

  public ProcedureHistory(String schema) {
    this.own = new OwnTable(schema, TABLE);
    this.table = own.sql();
  }

  public String table() {
    return table;
  }

  /** The table's DDL (idempotent; the schema exists already, the history lives in it). */
  public String ddl() {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (\n"
        + "  name text NOT NULL,\n"
        + "  version integer NOT NULL,\n"
        + "  object_name text NOT NULL,\n"
        + "  migration integer NOT NULL,\n"
        + "  checksum text NOT NULL,\n"
        + "  created_at timestamptz NOT NULL DEFAULT now(),\n"
        + "  dropped_at timestamptz,\n"
        + "  PRIMARY KEY (name, version)\n"
        + ")";
  }

  public boolean exists(Connection connection) throws SQLException {
    return own.exists(connection);
  }

  /** Every row, by {@code name#version} (empty when the table does not exist). */
  public Map<String, Row> read(Connection connection) throws SQLException {
    Map<String, Row> out = new HashMap<>();
    if (!exists(connection)) {
      return out;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT name, version, object_name, migration, checksum, dropped_at IS NOT NULL"
                    + " FROM "
                    + table)) {
      while (rs.next()) {
        Row row =
            new Row(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getBoolean(6));
        out.put(key(row.name(), row.version()), row);
      }
    }
    return out;
  }

  static String key(String name, int version) {
    return name + "#" + version;
  }

  /** The versions {@code migration} declares. */
  static List<ProcedureVersion> declaredBy(MigrationPlan plan, PlannedMigration migration) {
    return plan.procedures().stream().filter(p -> p.migration() == migration.id()).toList();
  }

  /**
   * Drift of {@code migration}'s procedure versions: each must not exist yet (expand creates it
   * with {@code CREATE FUNCTION}, never replacing one). An unqualified version is looked for in the
   * schemas of the connection's {@code search_path}.
   */
  static List<String> existing(
      Connection connection, MigrationPlan plan, PlannedMigration migration) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    for (ProcedureVersion p : declaredBy(plan, migration)) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p"
                  + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = ?"
                  + " AND CASE WHEN ? = '' THEN n.nspname = ANY (current_schemas(false))"
                  + " ELSE n.nspname = ? END")) {
        statement.setString(1, p.objectName());
        statement.setString(2, p.schema());
        statement.setString(3, p.schema());
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          String found = rs.getString(1);
          if (found != null) {
            out.add(
                "procedure "
                    + p.name()
                    + " version "
                    + p.version()
                    + " is to be created, but "
                    + found
                    + " already exists (not recorded by Straddle): drop it, or declare a new"
                    + " version");
          }
        }
      }
    }
    return out;
  }

  /** Records the versions {@code migration} creates, in its expand transaction. */
  public void recordCreated(PhaseExecutor.Tx tx, MigrationPlan plan, PlannedMigration migration)
      throws SQLException {
    List<ProcedureVersion> created = declaredBy(plan, migration);
    if (created.isEmpty()) {
      return;
    }
    tx.execute(ddl());
    tx.describe("record the procedure versions of migration " + migration.id() + " in " + table);
    try (PreparedStatement statement =
        tx.connection()
            .prepareStatement(
                "INSERT INTO "
                    + table
                    + " (name, version, object_name, migration, checksum) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (name, version) DO UPDATE SET object_name ="
                    + " excluded.object_name, migration = excluded.migration, checksum ="
                    + " excluded.checksum, created_at = now(), dropped_at = NULL")) {
      for (ProcedureVersion p : created) {
        statement.setString(1, p.name());
        statement.setInt(2, p.version());
        statement.setString(3, p.qualifiedName());
        statement.setInt(4, p.migration());
        statement.setString(5, p.checksum());
        statement.addBatch();
      }
      statement.executeBatch();
    }
    tx.done();
  }

  /** Records the versions {@code migration}'s contract dropped, in its contract transaction. */
  public void recordDropped(PhaseExecutor.Tx tx, MigrationPlan plan, PlannedMigration migration)
      throws SQLException {
    List<ProcedureVersion> superseding =
        declaredBy(plan, migration).stream().filter(p -> p.version() > 1).toList();
    if (superseding.isEmpty() || !exists(tx.connection())) {
      return;
    }
    tx.describe("record the procedure versions migration " + migration.id() + " dropped");
    try (PreparedStatement statement =
        tx.connection()
            .prepareStatement(
                "UPDATE "
                    + table
                    + " SET dropped_at = now() WHERE name = ? AND version = ?"
                    + " AND dropped_at IS NULL")) {
      for (ProcedureVersion p : superseding) {
        statement.setString(1, p.name());
        statement.setInt(2, p.version() - 1);
        statement.addBatch();
      }
      statement.executeBatch();
    }
    tx.done();
  }

  /**
   * Forgets the versions {@code migration} created, in its rollback transaction (whose statements
   * dropped them): a later expand of the migration creates them anew, possibly declared otherwise.
   */
  public void recordRolledBack(PhaseExecutor.Tx tx, int migration) throws SQLException {
    if (!exists(tx.connection())) {
      return;
    }
    tx.describe("forget the procedure versions of migration " + migration + " in " + table);
    try (PreparedStatement statement =
        tx.connection().prepareStatement("DELETE FROM " + table + " WHERE migration = ?")) {
      statement.setInt(1, migration);
      statement.executeUpdate();
    }
    tx.done();
  }
}
