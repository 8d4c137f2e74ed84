package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.CreateIndexSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.IndexModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.IndexChecks;
import dev.straddle.processor.validation.IndexOptions;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.Locale;

/**
 * {@code @CreateIndex}: built concurrently at the end of its migration's backfill, so it is checked
 * against the schema as the migration leaves it: its columns may be added or renamed by the same
 * migration.
 */
public final class CreateIndexKind implements OperationKind<CreateIndexDecl> {

  private static final CreateIndexSql SQL = new CreateIndexSql();

  @Override
  public String annotation() {
    return "CreateIndex";
  }

  @Override
  public CreateIndexDecl read(Mirrors values) {
    return new CreateIndexDecl(
        values.site(),
        values.string("table"),
        values.string("name"),
        values.strings("columns"),
        values.strings("expressions"),
        values.bool("unique"),
        values.enumName("method").toLowerCase(Locale.ROOT),
        values.strings("opclass"),
        values.strings("include"),
        values.strings("with"),
        values.string("where"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(CreateIndexDecl index, OperationChecks checks) {
    Site site = index.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", index.table());
    ok &= sql.identifier(site, "name", "index", index.name());
    ok &= sql.expression(site, "where", "where", index.where(), false);
    if (index.keySize() == 0) {
      checks.report().error(site, "columns", Message.INDEX_WITHOUT_COLUMNS, index.name());
      ok = false;
    }
    for (String column : index.columns()) {
      ok &= sql.identifier(site, "columns", "column", column);
    }
    for (String expression : index.expressions()) {
      ok &= sql.expression(site, "expressions", "index expression", expression, true);
    }
    for (String column : index.include()) {
      ok &= sql.identifier(site, "include", "column", column);
    }
    ok &= new IndexOptions(checks.report(), sql).check(index);
    TableModel table = ok ? checks.known(site, index) : null;
    if (table == null) {
      return false;
    }
    for (String column : index.columns()) {
      ok &= checks.present(site, "columns", table, column);
    }
    for (String column : index.include()) {
      ok &= checks.present(site, "include", table, column);
    }
    return ok & new IndexChecks(checks).free(site, "name", index.name());
  }

  /** The index outlives the migration: a column its contract drops would drop the index. */
  @Override
  public boolean checkReads(CreateIndexDecl index, ExpressionReads reads) {
    boolean ok = reads.read(index.table(), index.site(), "where", "where", index.where(), false);
    for (String expression : index.expressions()) {
      ok &=
          reads.read(
              index.table(), index.site(), "expressions", "index expression", expression, false);
    }
    return ok;
  }

  @Override
  public ResolvedOperation resolve(CreateIndexDecl index, SchemaModel model) {
    TableModel table = model.table(index.table());
    return new ResolvedOperation(
        TableName.parse(index.table()),
        null,
        model.columnTypes(index.table()),
        false,
        null,
        table != null && table.partitioned());
  }

  @Override
  public void apply(
      CreateIndexDecl index, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addIndex(
        new IndexModel(
            index.name(),
            index.table(),
            index.columns(),
            index.unique(),
            index.method(),
            "",
            migrationId));
    if (!index.where().isEmpty()) {
      model.addLiveExpression(
          new SchemaModel.LiveExpression(
              index.table(), "index \"" + index.name() + "\"", index.where(), migrationId));
    }
    if (index.unique() && index.where().isEmpty() && index.expressions().isEmpty()) {
      // a key a foreign key may reference
      model.addKey(index.table(), new KeyModel(index.name(), index.columns(), migrationId + 1));
    }
  }

  @Override
  public OperationSql<CreateIndexDecl> sql() {
    return SQL;
  }
}
