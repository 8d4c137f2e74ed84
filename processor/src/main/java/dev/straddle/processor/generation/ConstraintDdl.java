package dev.straddle.processor.generation;

import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Adding a constraint to a live table: {@code NOT VALID} at expand (a catalog change: new writes
 * are checked, existing rows are not scanned), {@code VALIDATE CONSTRAINT} at contract outside the
 * transaction (a scan under SHARE UPDATE EXCLUSIVE, which blocks no reads or writes, and
 * idempotent: validating a valid constraint does nothing). On a table its own migration creates
 * (empty, written by no old code) the constraint is added valid at once.
 */
final class ConstraintDdl {

  private ConstraintDdl() {}

  static void add(
      TableName table, String name, String definition, boolean tableIsNew, MigrationPieces out) {
    String constraint = Identifiers.quote(name);
    out.expand(
        ColumnSql.alter(
            table,
            "ADD CONSTRAINT " + constraint + " " + definition + (tableIsNew ? "" : " NOT VALID")));
    // The inverse: the constraint goes (on a table the migration creates, with the table).
    out.undo(dropIfExists(table, name));
    if (!tableIsNew) {
      out.contract(
          SqlStatement.outsideTransaction(
              "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + constraint));
    }
  }

  /** {@code ALTER TABLE t DROP CONSTRAINT IF EXISTS "name"}, for a rollback. */
  static SqlStatement dropIfExists(TableName table, String name) {
    return ColumnSql.alter(table, "DROP CONSTRAINT IF EXISTS " + Identifiers.quote(name));
  }

  /** {@code ("a", "b")}. */
  static String columns(List<String> names) {
    return names.stream().map(Identifiers::quote).collect(Collectors.joining(", ", "(", ")"));
  }
}
