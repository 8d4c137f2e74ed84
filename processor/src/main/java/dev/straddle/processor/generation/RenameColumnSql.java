package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameColumnDecl;

/**
 * {@code @RenameColumn a→b}: {@code b} beside {@code a} with a's type, default and NOT NULL (as a
 * check until contract), kept equal by the sync trigger in both directions; contract drops {@code
 * a}. Indexes and constraints on {@code a} are not recreated (documented limit). A volatile default
 * of {@code a} is set on {@code b} apart from adding it, so that {@code b} is added without a table
 * rewrite and keeps a's values.
 */
public final class RenameColumnSql implements OperationSql<RenameColumnDecl> {

  @Override
  public void contribute(RenameColumnDecl rename, ResolvedOperation op, MigrationPieces out) {
    ColumnModel from = op.subject();
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnExists(table.toString(), rename.from(), from.type()));
    out.expect(SchemaExpectation.columnAbsent(table.toString(), rename.to()));
    if (ColumnKinds.volatileDefault(from.defaultValue())) {
      // ADD COLUMN with it would rewrite the table and give every row a fresh value; the backfill
      // copies a's values instead (docs/ARCHITECTURE.md, "Volatile defaults").
      out.expand(ColumnSql.addColumn(table, rename.to(), from.type(), ""));
      out.expand(ColumnSql.setDefault(table, rename.to(), from.defaultValue()));
    } else {
      out.expand(ColumnSql.addColumn(table, rename.to(), from.type(), from.defaultValue()));
    }
    if (from.notNull()) {
      NotNullSql.add(table, rename.to(), out);
    }
    // Quoted, so a column named like a keyword still reads as the column in the backfill UPDATE.
    out.fragment(table, Direction.UP, rename.to(), Identifiers.quote(rename.from()));
    out.fragment(table, Direction.DOWN, rename.from(), Identifiers.quote(rename.to()));
    if (SqlExpression.of(from.defaultValue()).functionCalls().contains("nextval")) {
      out.contract(moveOwnedSequence(table, rename.from(), rename.to()));
    }
    out.contract(ColumnSql.dropColumn(table, rename.from()));
    out.columns(table, op.columns());
    // The inverse: b goes, with its NOT NULL check; a, which old code uses, was never touched.
    out.undo(dropColumnIfExists(table, rename.to()));
  }

  /** {@code ALTER TABLE t DROP COLUMN IF EXISTS "c"}: a rollback runs again after a crash. */
  static SqlStatement dropColumnIfExists(TableName table, String column) {
    return SqlStatement.inTransaction(
        "ALTER TABLE " + table.sql() + " DROP COLUMN IF EXISTS " + Identifiers.quote(column));
  }

  /**
   * A sequence owned by {@code from} (a serial's) would be dropped with it, and b's default, which
   * calls it, makes that drop fail: contract gives the sequence to {@code to} first.
   */
  static SqlStatement moveOwnedSequence(TableName table, String from, String to) {
    String tableText = Identifiers.literal(table.sql());
    return SqlStatement.inTransaction(
        "DO $straddle$\nDECLARE\n  owned text := pg_get_serial_sequence("
            + tableText
            + ", "
            + Identifiers.literal(from)
            + ");\nBEGIN\n  IF owned IS NOT NULL THEN\n"
            + "    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', owned, "
            + tableText
            + ", "
            + Identifiers.literal(to)
            + ");\n  END IF;\nEND\n$straddle$");
  }
}
