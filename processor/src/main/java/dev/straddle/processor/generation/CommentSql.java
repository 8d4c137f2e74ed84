package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CommentDecl;

/**
 * {@code @Comment}: {@code COMMENT ON TABLE|COLUMN ... IS '<text>'} (or {@code IS NULL} for an
 * empty text) at expand, after the migration's other statements; a catalog change under a lock that
 * blocks no reads or writes.
 */
public final class CommentSql implements OperationSql<CommentDecl> {

  @Override
  public void contribute(CommentDecl comment, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    String target;
    if (comment.column().isEmpty()) {
      target = "TABLE " + table.sql();
    } else {
      out.expect(
          SchemaExpectation.columnExists(
              table.toString(), comment.column(), op.typeOf(comment.column())));
      target = "COLUMN " + table.sql() + "." + Identifiers.quote(comment.column());
    }
    String text = comment.text().isEmpty() ? "NULL" : Identifiers.literal(comment.text());
    out.expand(SqlStatement.inTransaction("COMMENT ON " + target + " IS " + text));
    // No inverse: the schema model does not know the comment it replaces, and a comment changes
    // nothing for either release (one on what the migration creates goes with it).
    if (!op.tableIsNew()) {
      out.undoLeaves("the comment on " + target + " stays (the previous one is not known)");
    }
  }
}
