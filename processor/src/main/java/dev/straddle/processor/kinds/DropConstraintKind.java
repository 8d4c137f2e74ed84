package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.DropConstraintSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.DropConstraintDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ConstraintChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/** {@code @DropConstraint}: dropped at contract, once no old code relies on it. */
public final class DropConstraintKind implements OperationKind<DropConstraintDecl> {

  private static final DropConstraintSql SQL = new DropConstraintSql();

  @Override
  public String annotation() {
    return "DropConstraint";
  }

  @Override
  public DropConstraintDecl read(Mirrors values) {
    return new DropConstraintDecl(values.site(), values.string("table"), values.string("name"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropConstraintDecl drop, OperationChecks checks) {
    Site site = drop.site();
    boolean ok = checks.sql().table(site, "table", drop.table());
    ok &= checks.sql().identifier(site, "name", "constraint", drop.name());
    TableModel table = ok ? checks.known(site, drop) : null;
    if (table == null) {
      return false;
    }
    ConstraintChecks constraints = new ConstraintChecks(checks);
    boolean valid =
        constraints.exists(site, "name", table, drop.name())
            && constraints.notReferenced(site, "name", table, drop.name());
    if (valid) {
      checks.dropsConstraint(
          drop.table(), drop.name()); // a @DropTable declared after it may rely on it
    }
    return valid;
  }

  @Override
  public boolean checkReads(DropConstraintDecl drop, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(DropConstraintDecl drop, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(drop.table()), null, model.columnTypes(drop.table()));
  }

  @Override
  public void apply(
      DropConstraintDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.dropConstraint(drop.table(), drop.name());
  }

  @Override
  public OperationSql<DropConstraintDecl> sql() {
    return SQL;
  }
}
