package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.DropTableSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.DropTableDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @DropTable}: dropped at contract, once the contract guard finds no live instance of a
 * release that uses it; the model forgets it (docs/ARCHITECTURE.md, "Tables").
 */
public final class DropTableKind implements OperationKind<DropTableDecl> {

  private static final DropTableSql SQL = new DropTableSql();

  @Override
  public String annotation() {
    return "DropTable";
  }

  @Override
  public DropTableDecl read(Mirrors values) {
    return new DropTableDecl(values.site(), values.string("name"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropTableDecl drop, OperationChecks checks) {
    Site site = drop.site();
    if (!checks.sql().table(site, "name", drop.name())) {
      return false;
    }
    TableModel table = checks.known(site, "name", drop.name());
    if (table == null) {
      return false;
    }
    boolean ok = true;
    for (String name : checks.model().tableNames()) {
      if (name.equals(drop.name()) || checks.dropsEarlier(name, null)) {
        continue;
      }
      for (ConstraintModel c : checks.model().table(name).constraints()) {
        if (c.kind() == ConstraintModel.Kind.FOREIGN_KEY
            && c.references().equals(drop.name())
            && !checks.dropsEarlier(name, c.name())) {
          checks
              .report()
              .error(site, "name", Message.TABLE_REFERENCED, drop.name(), c.name(), name);
          ok = false;
        }
      }
    }
    if (ok) {
      checks.dropsTable(drop.name());
    }
    return ok;
  }

  @Override
  public boolean checkReads(DropTableDecl drop, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(DropTableDecl drop, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(drop.name()), null, model.columnTypes(drop.name()));
  }

  @Override
  public void apply(
      DropTableDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.dropTable(drop.name(), migrationId);
  }

  @Override
  public OperationSql<DropTableDecl> sql() {
    return SQL;
  }
}
