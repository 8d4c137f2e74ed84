package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.DropIndexSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.DropIndexDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.IndexChecks;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @DropIndex}: dropped concurrently at contract, once no old code runs the queries it
 * serves. The index may be one Straddle did not create, on a baseline table (docs/ARCHITECTURE.md,
 * "Indexes").
 */
public final class DropIndexKind implements OperationKind<DropIndexDecl> {

  private static final DropIndexSql SQL = new DropIndexSql();

  @Override
  public String annotation() {
    return "DropIndex";
  }

  @Override
  public DropIndexDecl read(Mirrors values) {
    return new DropIndexDecl(values.site(), values.string("table"), values.string("name"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropIndexDecl drop, OperationChecks checks) {
    Site site = drop.site();
    boolean ok = checks.sql().table(site, "table", drop.table());
    ok &= checks.sql().identifier(site, "name", "index", drop.name());
    TableModel table = ok ? checks.known(site, drop) : null;
    return table != null
        && new IndexChecks(checks).adoptable(site, "name", table, drop.table(), drop.name(), true);
  }

  @Override
  public boolean checkReads(DropIndexDecl drop, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(DropIndexDecl drop, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(drop.table()), null, model.columnTypes(drop.table()));
  }

  @Override
  public void apply(
      DropIndexDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.dropIndex(drop.table(), drop.name());
  }

  @Override
  public OperationSql<DropIndexDecl> sql() {
    return SQL;
  }
}
