package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * What the kinds that change one attribute of an existing column ({@code @SetNotNull},
 * {@code @DropNotNull}, {@code @SetDefault}, {@code @DropDefault}) check and resolve alike: a valid
 * table and column name, the column claimed by this migration alone, and present in the schema as
 * the earlier migrations leave it.
 */
final class ExistingColumn {

  private ExistingColumn() {}

  /**
   * The column {@code op} changes, or null when something is wrong (reported, with "did you mean"
   * for near misses); {@code ok}: whether the kind's own checks passed so far.
   */
  static ColumnModel check(OperationDecl op, String column, OperationChecks checks, boolean ok) {
    Site site = op.site();
    ok &= checks.sql().table(site, "table", op.table());
    ok &= checks.sql().identifier(site, "column", "column", column);
    TableModel table =
        ok && checks.claim(site, "column", op, column) ? checks.known(site, op) : null;
    return table != null && checks.present(site, "column", table, column)
        ? table.column(column)
        : null;
  }

  /**
   * Reports that the operation would change nothing: the column already {@code is} so ({@code "is
   * already NOT NULL"}).
   */
  static void nothingToChange(OperationDecl op, String column, String is, OperationChecks checks) {
    TableModel table = checks.model().table(op.table());
    checks
        .report()
        .error(
            op.site(),
            "column",
            Message.NOTHING_TO_CHANGE,
            column,
            op.table(),
            is,
            checks.migrationId(),
            op.kind(),
            table.complete()
                ? ""
                : " (if the live column differs, declare it as it is in the table's @ExistingTable)");
  }

  static ResolvedOperation resolve(OperationDecl op, String column, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(op.table()),
        model.column(op.table(), column),
        model.columnTypes(op.table()));
  }
}
