package dev.straddle.processor.generation;

import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.TableName;

/**
 * Column definitions and the {@code ALTER TABLE} statements built from them: {@link ColumnSql}, the
 * rendering the runtime's tests share.
 */
final class ColumnDdl {

  private ColumnDdl() {}

  /** {@code "name" type [NOT NULL] [DEFAULT (expr)]}; user SQL wrapped in parentheses. */
  static String definition(String name, String type, boolean notNull, String defaultValue) {
    return ColumnSql.definition(name, type, notNull, defaultValue);
  }

  static SqlStatement alter(TableName table, String action) {
    return ColumnSql.alter(table, action);
  }

  /** Adds a nullable column: NOT NULL comes later, through {@link NotNullSql}. */
  static SqlStatement addColumn(TableName table, String name, String type, String defaultValue) {
    return ColumnSql.addColumn(table, name, type, defaultValue);
  }

  /** Sets a column's default: a catalog change, no row is read or written. */
  static SqlStatement setDefault(TableName table, String name, String defaultValue) {
    return ColumnSql.setDefault(table, name, defaultValue);
  }

  static SqlStatement dropColumn(TableName table, String name) {
    return ColumnSql.dropColumn(table, name);
  }
}
