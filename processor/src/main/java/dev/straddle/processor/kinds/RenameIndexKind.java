package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RenameIndexSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RenameIndexDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.IndexChecks;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @RenameIndex}: renamed at contract (catalog only), like a constraint; later migrations
 * know the index by its new name (docs/ARCHITECTURE.md, "Indexes").
 */
public final class RenameIndexKind implements OperationKind<RenameIndexDecl> {

  private static final RenameIndexSql SQL = new RenameIndexSql();

  @Override
  public String annotation() {
    return "RenameIndex";
  }

  @Override
  public RenameIndexDecl read(Mirrors values) {
    return new RenameIndexDecl(
        values.site(), values.string("table"), values.string("from"), values.string("to"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RenameIndexDecl rename, OperationChecks checks) {
    Site site = rename.site();
    boolean ok = checks.sql().table(site, "table", rename.table());
    ok &= checks.sql().identifier(site, "from", "index", rename.from());
    ok &= checks.sql().identifier(site, "to", "index", rename.to());
    TableModel table = ok ? checks.known(site, rename) : null;
    if (table == null) {
      return false;
    }
    IndexChecks indexes = new IndexChecks(checks);
    return indexes.adoptable(site, "from", table, rename.table(), rename.from(), false)
        & indexes.free(site, "to", rename.to());
  }

  @Override
  public boolean checkReads(RenameIndexDecl rename, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(RenameIndexDecl rename, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(rename.table()), null, model.columnTypes(rename.table()));
  }

  @Override
  public void apply(
      RenameIndexDecl rename, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.renameIndex(rename.table(), rename.from(), rename.to());
  }

  @Override
  public OperationSql<RenameIndexDecl> sql() {
    return SQL;
  }
}
