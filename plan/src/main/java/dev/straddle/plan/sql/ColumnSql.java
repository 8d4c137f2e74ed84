package dev.straddle.plan.sql;

import dev.straddle.plan.SqlStatement;

/**
 * Column definitions and the {@code ALTER TABLE} statements built from them, as the processor
 * generates them (the runtime's tests build their plans with them too).
 */
public final class ColumnSql {

  private ColumnSql() {}

  /** {@code "name" type [NOT NULL] [DEFAULT (expr)]}; user SQL wrapped in parentheses. */
  public static String definition(String name, String type, boolean notNull, String defaultValue) {
    return Identifiers.quote(name)
        + " "
        + type
        + (notNull ? " NOT NULL" : "")
        + (defaultValue.isEmpty() ? "" : " DEFAULT (" + defaultValue + ")");
  }

  /** {@code ALTER TABLE <table> <action>}, in the phase's transaction. */
  public static SqlStatement alter(TableName table, String action) {
    return SqlStatement.inTransaction("ALTER TABLE " + table.sql() + " " + action);
  }

  /** Adds a nullable column: NOT NULL comes later, through {@link NotNullCheck}. */
  public static SqlStatement addColumn(
      TableName table, String name, String type, String defaultValue) {
    return alter(table, "ADD COLUMN " + definition(name, type, false, defaultValue));
  }

  /** Sets a column's default: a catalog change, no row is read or written. */
  public static SqlStatement setDefault(TableName table, String name, String defaultValue) {
    return alter(
        table, "ALTER COLUMN " + Identifiers.quote(name) + " SET DEFAULT (" + defaultValue + ")");
  }

  public static SqlStatement dropColumn(TableName table, String name) {
    return alter(table, "DROP COLUMN " + Identifiers.quote(name));
  }
}
