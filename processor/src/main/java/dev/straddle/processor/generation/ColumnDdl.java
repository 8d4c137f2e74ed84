package dev.straddle.processor.generation;

import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;

/** Column definitions and the {@code ALTER TABLE} statements built from them. */
final class ColumnDdl {

  private ColumnDdl() {}

  /** {@code "name" type [NOT NULL] [DEFAULT (expr)]}; user SQL wrapped in parentheses. */
  static String definition(String name, String type, boolean notNull, String defaultValue) {
    return Identifiers.quote(name)
        + " "
        + type
        + (notNull ? " NOT NULL" : "")
        + (defaultValue.isEmpty() ? "" : " DEFAULT (" + defaultValue + ")");
  }

  static SqlStatement alter(TableName table, String action) {
    return SqlStatement.inTransaction("ALTER TABLE " + table.sql() + " " + action);
  }

  /** Adds a nullable column: NOT NULL comes later, through {@link NotNullSql}. */
  static SqlStatement addColumn(TableName table, String name, String type, String defaultValue) {
    return alter(table, "ADD COLUMN " + definition(name, type, false, defaultValue));
  }

  /** Sets a column's default: a catalog change, no row is read or written. */
  static SqlStatement setDefault(TableName table, String name, String defaultValue) {
    return alter(
        table, "ALTER COLUMN " + Identifiers.quote(name) + " SET DEFAULT (" + defaultValue + ")");
  }

  static SqlStatement dropColumn(TableName table, String name) {
    return alter(table, "DROP COLUMN " + Identifiers.quote(name));
  }
}
