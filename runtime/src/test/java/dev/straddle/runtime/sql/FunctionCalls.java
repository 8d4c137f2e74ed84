package dev.straddle.runtime.sql;

import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counts the calls of a table's sync function, to tell a skipped trigger from one that ran. */
public final class FunctionCalls {

  private FunctionCalls() {}

  /**
   * How many times the sync function of {@code table} ran while a writer at {@code head} ran {@code
   * sql} (in one transaction, which commits).
   */
  public static long whileWriting(TestDatabase db, TableName table, int head, String sql)
      throws SQLException {
    try (Connection writer = db.connectAsHead(head);
        Statement statement = writer.createStatement()) {
      statement.execute("SET track_functions = 'pl'");
      writer.setAutoCommit(false);
      statement.execute(sql);
      try (ResultSet calls =
          statement.executeQuery(
              "SELECT coalesce(pg_stat_get_xact_function_calls(to_regprocedure('"
                  + table.qualify(SyncFunctionSql.functionName(table))
                  + "()')), 0)")) {
        calls.next();
        long count = calls.getLong(1);
        writer.commit();
        return count;
      }
    }
  }
}
