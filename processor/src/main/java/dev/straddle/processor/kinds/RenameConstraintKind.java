package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RenameConstraintSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RenameConstraintDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ConstraintChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/** {@code @RenameConstraint}: renamed at contract, once no old code names it. */
public final class RenameConstraintKind implements OperationKind<RenameConstraintDecl> {

  private static final RenameConstraintSql SQL = new RenameConstraintSql();

  @Override
  public String annotation() {
    return "RenameConstraint";
  }

  @Override
  public RenameConstraintDecl read(Mirrors values) {
    return new RenameConstraintDecl(
        values.site(), values.string("table"), values.string("from"), values.string("to"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RenameConstraintDecl rename, OperationChecks checks) {
    Site site = rename.site();
    boolean ok = checks.sql().table(site, "table", rename.table());
    ok &= checks.sql().identifier(site, "from", "constraint", rename.from());
    ok &= checks.sql().identifier(site, "to", "constraint", rename.to());
    TableModel table = ok ? checks.known(site, rename) : null;
    if (table == null) {
      return false;
    }
    ConstraintChecks constraints = new ConstraintChecks(checks);
    return constraints.exists(site, "from", table, rename.from())
        & constraints.free(site, "to", table, rename.to());
  }

  @Override
  public boolean checkReads(RenameConstraintDecl rename, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(RenameConstraintDecl rename, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(rename.table()), null, model.columnTypes(rename.table()));
  }

  @Override
  public void apply(
      RenameConstraintDecl rename, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.renameConstraint(rename.table(), rename.from(), rename.to());
  }

  @Override
  public OperationSql<RenameConstraintDecl> sql() {
    return SQL;
  }
}
