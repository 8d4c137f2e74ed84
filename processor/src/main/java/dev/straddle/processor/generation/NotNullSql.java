package dev.straddle.processor.generation;

import dev.straddle.plan.sql.NotNullCheck;
import dev.straddle.plan.sql.TableName;

/**
 * NOT NULL on a column that is added while the table is live ({@link NotNullCheck}, the rendering
 * the runtime's tests share): the check at expand, enforced at contract.
 */
final class NotNullSql {

  private NotNullSql() {}

  static void add(TableName table, String column, MigrationPieces out) {
    out.expand(NotNullCheck.add(table, column));
    NotNullCheck.enforce(table, column).forEach(out::contract);
    // The inverse: the check goes (on a column the migration adds, with the column).
    out.undo(ConstraintDdl.dropIfExists(table, NotNullCheck.constraintName(table, column)));
  }
}
