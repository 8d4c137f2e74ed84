package dev.straddle.runtime.internal;

import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SyncFunctionSql.InFlight;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates sync fragments against the live table without touching a row: {@code EXPLAIN UPDATE
 * <table> SET <column> = (<expr>) WHERE false} makes PostgreSQL resolve every column, function and
 * operator the expression names and its coercion into the column, as the backfill does and the sync
 * function does on the next write (PL/pgSQL applies the same assignment rules since PostgreSQL 14;
 * 13 converts through text instead, which fails unless the text happens to parse). PL/pgSQL checks
 * none of that when the function is created, so a fragment that names a missing column would
 * otherwise fail every write of the running release.
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

  /**
   * The statement that assigns {@code fragment} to its column as the backfill's {@code UPDATE}
   * does, without running it: parsing and planning resolve every column, function and operator, and
   * the assignment's coercion into the column's type.
   */
  static String statement(TableName table, SyncFragment fragment) {
    return "EXPLAIN (COSTS OFF) UPDATE "
        + table.sql()
        + " SET "
        + Identifiers.quote(fragment.column())
        + " = ("
        + fragment.expression()
        + ") WHERE false";
  }

  /**
   * For a role that may not update the table ({@code verify} run read-only): the expression cast
   * explicitly to the column's type, which checks the same except that an explicit cast accepts a
   * little more than an assignment.
   */
  static String readOnlyStatement(TableName table, SyncFragment fragment, String columnType) {
    String column = Identifiers.quote(fragment.column());
    String value =
        columnType == null
            ? column
            : "CAST((" + fragment.expression() + ") AS " + columnType + ") AS " + column;
    return "SELECT " + value + " FROM " + table.sql() + " LIMIT 0";
  }

  /**
   * The fragments of {@code inFlight} on {@code table} that cannot run against it now. Inside a
   * transaction the first failure aborts it, so this stops there; in autocommit it probes them all.
   * Lock conflicts are thrown, so that the caller can retry as for any other statement.
   */
  static List<Failure> failures(Connection connection, TableName table, List<InFlight> inFlight)
      throws SQLException {
    List<Failure> out = new ArrayList<>();
    boolean stopAtFirst = !connection.getAutoCommit();
    Map<String, String> types = null;
    for (InFlight m : inFlight) {
      for (SyncFragment f : m.fragments()) {
        String sql = statement(table, f);
        SQLException failed = run(connection, sql);
        if (failed != null && INSUFFICIENT_PRIVILEGE.equals(failed.getSQLState()) && !stopAtFirst) {
          types = types == null ? new Catalog(connection).columnTypes(table) : types;
          sql = readOnlyStatement(table, f, types.get(f.column()));
          failed = run(connection, sql);
        }
        if (failed != null) {
          out.add(new Failure(m.migrationId(), f, sql, failed));
          if (stopAtFirst) {
            return out;
          }
        }
      }
    }
    return out;
  }

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** Runs {@code sql}; its failure, or null. Lock conflicts are thrown. */
  private static SQLException run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return null;
    } catch (SQLException e) {
      if (PhaseExecutor.isLockConflict(e)) {
        throw e;
      }
      return e;
    }
  }
}
