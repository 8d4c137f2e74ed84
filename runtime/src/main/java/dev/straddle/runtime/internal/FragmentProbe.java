package dev.straddle.runtime.internal;

import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.sql.Identifiers;
import dev.straddle.runtime.sql.SyncFunctionSql.InFlight;
import dev.straddle.runtime.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates sync fragments against the live table without touching a row: {@code SELECT
 * CAST((<expr>) AS <type of the column it assigns>) FROM <table> LIMIT 0} makes PostgreSQL resolve
 * every column, function and operator the expression names and the cast into the column, as the
 * sync function will on the next write. PL/pgSQL checks none of that when the function is created,
 * so a fragment that names a missing column would otherwise fail every write of the running
 * release.
 */
final class FragmentProbe {

  /** A fragment that cannot run, with PostgreSQL's reason. */
  record Failure(int migrationId, SyncFragment fragment, String statement, SQLException error) {

    /** {@code UP jobs.flag := qtty > 0}. */
    String fragmentText() {
      return fragment.direction()
          + " "
          + fragment.table()
          + "."
          + fragment.column()
          + " := "
          + fragment.expression();
    }

    /** PostgreSQL's message and hint (without the position in our probe) and SQLSTATE. */
    String reason() {
      String message = error.getMessage() == null ? "" : error.getMessage();
      StringBuilder out = new StringBuilder();
      for (String line : message.split("\n")) {
        if (out.length() == 0) {
          out.append(line.trim());
        } else if (line.trim().startsWith("Hint:")) {
          out.append(" (").append(line.trim()).append(")");
        }
      }
      return out + (error.getSQLState() == null ? "" : " (SQLSTATE " + error.getSQLState() + ")");
    }
  }

  private FragmentProbe() {}

  /** The statement that evaluates {@code fragment} as the column's type, reading no row. */
  static String statement(TableName table, SyncFragment fragment, String columnType) {
    return "SELECT CAST(("
        + fragment.expression()
        + ") AS "
        + columnType
        + ") AS "
        + Identifiers.quote(fragment.column())
        + " FROM "
        + table.sql()
        + " LIMIT 0";
  }

  /**
   * The fragments of {@code inFlight} on {@code table} that cannot run against it now. Inside a
   * transaction the first failure aborts it, so this stops there; in autocommit it probes them all.
   * Lock conflicts are thrown, so that the caller can retry as for any other statement.
   */
  static List<Failure> failures(Connection connection, TableName table, List<InFlight> inFlight)
      throws SQLException {
    List<Failure> out = new ArrayList<>();
    Map<String, String> types = new Catalog(connection).columnTypes(table);
    boolean stopAtFirst = !connection.getAutoCommit();
    for (InFlight m : inFlight) {
      for (SyncFragment f : m.fragments()) {
        String type = types.get(f.column());
        String sql =
            type == null
                ? "SELECT " + Identifiers.quote(f.column()) + " FROM " + table.sql() + " LIMIT 0"
                : statement(table, f, type);
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        } catch (SQLException e) {
          if (PhaseExecutor.isLockConflict(e)) {
            throw e;
          }
          out.add(new Failure(m.migrationId(), f, sql, e));
          if (stopAtFirst) {
            return out;
          }
        }
      }
    }
    return out;
  }
}
