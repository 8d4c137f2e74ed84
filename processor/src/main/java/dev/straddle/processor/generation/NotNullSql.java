package dev.straddle.processor.generation;

import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;

/**
 * NOT NULL on a column that is added while the table is live: a {@code CHECK (...) NOT VALID} at
 * expand (no scan), validated at contract outside the transaction (a scan under a lock that does
 * not block writes), then {@code SET NOT NULL} in the transaction (no scan: the valid check is the
 * proof) and the check dropped.
 */
final class NotNullSql {

  private NotNullSql() {}

  static String constraintName(TableName table, String column) {
    return Identifiers.fit(table.name() + "_" + column + "_not_null");
  }

  static void add(TableName table, String column, MigrationPieces out) {
    String constraint = Identifiers.quote(constraintName(table, column));
    out.expand(
        ColumnDdl.alter(
            table,
            "ADD CONSTRAINT "
                + constraint
                + " CHECK ("
                + Identifiers.quote(column)
                + " IS NOT NULL) NOT VALID"));
    out.contract(
        SqlStatement.outsideTransaction(
            "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + constraint));
    out.contract(
        ColumnDdl.alter(table, "ALTER COLUMN " + Identifiers.quote(column) + " SET NOT NULL"));
    out.contract(ColumnDdl.alter(table, "DROP CONSTRAINT " + constraint));
  }
}
