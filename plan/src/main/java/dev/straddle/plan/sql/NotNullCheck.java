package dev.straddle.plan.sql;

import dev.straddle.plan.SqlStatement;
import java.util.List;

/**
 * NOT NULL on a column that is added while the table is live: a {@code CHECK (...) NOT VALID} at
 * expand (no scan), validated at contract outside the transaction (a scan under a lock that does
 * not block writes), then {@code SET NOT NULL} in the transaction (no scan: the valid check is the
 * proof) and the check dropped.
 */
public final class NotNullCheck {

  private NotNullCheck() {}

  /** {@code <table>_<column>_not_null}, fitted to PostgreSQL's identifier length. */
  public static String constraintName(TableName table, String column) {
    return Identifiers.fit(table.name() + "_" + column + "_not_null");
  }

  /** The expand statement: the check, {@code NOT VALID}. */
  public static SqlStatement add(TableName table, String column) {
    return ColumnSql.alter(
        table,
        "ADD CONSTRAINT "
            + constraint(table, column)
            + " CHECK ("
            + Identifiers.quote(column)
            + " IS NOT NULL) NOT VALID");
  }

  /**
   * The contract statements, in order: validate the check (outside the transaction), {@code SET NOT
   * NULL}, drop the check.
   */
  public static List<SqlStatement> enforce(TableName table, String column) {
    String constraint = constraint(table, column);
    return List.of(
        SqlStatement.outsideTransaction(
            "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + constraint),
        ColumnSql.alter(table, "ALTER COLUMN " + Identifiers.quote(column) + " SET NOT NULL"),
        ColumnSql.alter(table, "DROP CONSTRAINT " + constraint));
  }

  private static String constraint(TableName table, String column) {
    return Identifiers.quote(constraintName(table, column));
  }
}
