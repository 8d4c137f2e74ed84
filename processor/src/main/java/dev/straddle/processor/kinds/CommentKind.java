package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.CommentSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.CommentDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @Comment}: {@code COMMENT ON TABLE} or {@code COLUMN} at expand, against the schema as its
 * migration leaves it (a comment may describe what the migration creates). Comments are not part of
 * the schema model: nothing Straddle checks or generates depends on them.
 */
public final class CommentKind implements OperationKind<CommentDecl> {

  private static final CommentSql SQL = new CommentSql();

  @Override
  public String annotation() {
    return "Comment";
  }

  @Override
  public CommentDecl read(Mirrors values) {
    return new CommentDecl(
        values.site(), values.string("table"), values.string("column"), values.string("text"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(CommentDecl comment, OperationChecks checks) {
    boolean ok = checks.sql().table(comment.site(), "table", comment.table());
    if (!comment.column().isEmpty()) {
      ok &= checks.sql().identifier(comment.site(), "column", "column", comment.column());
    }
    TableModel table = ok ? checks.known(comment.site(), comment) : null;
    return table != null
        && (comment.column().isEmpty()
            || checks.present(comment.site(), "column", table, comment.column()));
  }

  @Override
  public boolean checkReads(CommentDecl comment, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(CommentDecl comment, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(comment.table()),
        comment.column().isEmpty() ? null : model.column(comment.table(), comment.column()),
        model.columnTypes(comment.table()));
  }

  /** Comments are not modelled. */
  @Override
  public void apply(
      CommentDecl comment, ResolvedOperation resolved, int migrationId, SchemaModel model) {}

  @Override
  public OperationSql<CommentDecl> sql() {
    return SQL;
  }
}
