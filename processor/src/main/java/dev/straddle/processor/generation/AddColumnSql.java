package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.AddColumnDecl;

/**
 * {@code @AddColumn}: the column at expand, filled by {@code up} for old writers and backfill.
 *
 * <p>A non-volatile default goes into {@code ADD COLUMN} (PostgreSQL's catalog-only fast default
 * gives it to every existing row). A volatile default or a serial type would make PostgreSQL
 * rewrite the table (docs/ARCHITECTURE.md, "Volatile defaults"): the column is added without it,
 * the default is set by a separate {@code SET DEFAULT} (a catalog change, so new rows get it), and
 * existing rows are filled by the backfill with {@code up}, or else with the default itself.
 */
public final class AddColumnSql implements OperationSql<AddColumnDecl> {

  @Override
  public void contribute(AddColumnDecl add, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    String column = add.column();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnAbsent(table.toString(), column));
    String serialBase = ColumnKinds.serialBase(add.type());
    String fill = null;
    if (serialBase != null) {
      TableName sequence = ColumnKinds.serialSequence(table, column);
      out.expect(SchemaExpectation.tableAbsent(sequence.toString()));
      out.expand(
          SqlStatement.inTransaction("CREATE SEQUENCE " + sequence.sql() + " AS " + serialBase));
      out.expand(ColumnSql.addColumn(table, column, serialBase, ""));
      fill = ColumnKinds.nextval(sequence);
      out.expand(ColumnSql.setDefault(table, column, fill));
      out.expand(
          SqlStatement.inTransaction(
              "ALTER SEQUENCE "
                  + sequence.sql()
                  + " OWNED BY "
                  + table.sql()
                  + "."
                  + Identifiers.quote(column)));
    } else if (ColumnKinds.volatileDefault(add.defaultValue())) {
      out.expand(ColumnSql.addColumn(table, column, add.type(), ""));
      out.expand(ColumnSql.setDefault(table, column, add.defaultValue()));
      fill = add.defaultValue();
    } else {
      out.expand(ColumnSql.addColumn(table, column, add.type(), add.defaultValue()));
    }
    if (add.notNull() || serialBase != null) {
      NotNullSql.add(table, column, out);
    }
    if (!add.up().isEmpty()) {
      out.fragment(table, Direction.UP, column, add.up());
      out.expectReferences(table, add.up(), op.columnTypes());
    } else if (fill != null) {
      // A volatile default without up: a row that predates the expand gets the default, evaluated
      // for that row; a value already there (the default an insert got) is kept.
      out.fragment(table, Direction.UP, column, Fill.whereNull(column, fill));
    }
    out.columns(table, op.columns());
    // The inverse: the column goes, with what came with it (its sequence is owned by it, its
    // NOT NULL check is on it). Old code never used it.
    out.undo(RenameColumnSql.dropColumnIfExists(table, column));
  }
}
