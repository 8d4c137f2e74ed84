package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.AddUniqueSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.IndexModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddUniqueDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ConstraintChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.IndexChecks;
import dev.straddle.processor.validation.OperationChecks;
import java.util.List;

/**
 * {@code @AddUnique}: its index is built at the end of the backfill, like {@code @CreateIndex}, so
 * it is checked against the schema as its migration leaves it.
 */
public final class AddUniqueKind implements OperationKind<AddUniqueDecl> {

  private static final AddUniqueSql SQL = new AddUniqueSql();

  @Override
  public String annotation() {
    return "AddUnique";
  }

  @Override
  public AddUniqueDecl read(Mirrors values) {
    return new AddUniqueDecl(
        values.site(), values.string("table"), values.string("name"), values.strings("columns"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(AddUniqueDecl unique, OperationChecks checks) {
    Site site = unique.site();
    ConstraintChecks constraints = new ConstraintChecks(checks);
    boolean ok = checks.sql().table(site, "table", unique.table());
    ok &= checks.sql().identifier(site, "name", "constraint", unique.name());
    ok &=
        constraints.columns(site, "columns", "unique constraint", unique.name(), unique.columns());
    TableModel table = ok ? checks.known(site, unique) : null;
    if (table == null) {
      return false;
    }
    if (!checks.notPartitioned(
        site,
        unique,
        table,
        "PostgreSQL cannot add a constraint USING INDEX to a partitioned table, which is how"
            + " Straddle adds a unique constraint without blocking writes. Build a unique index"
            + " with @CreateIndex(unique = true) instead (it must hold the partition key's"
            + " columns), or declare the constraint on the migration that creates the table")) {
      return false;
    }
    ok = constraints.free(site, "name", table, unique.name());
    ok &= constraints.present(site, "columns", table, unique.columns());
    ok &= new IndexChecks(checks).free(site, "name", unique.name());
    return ok;
  }

  @Override
  public boolean checkReads(AddUniqueDecl unique, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(AddUniqueDecl unique, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(unique.table()),
        null,
        model.columnTypes(unique.table()),
        model.createdNow(unique.table()));
  }

  /**
   * On a live table the index exists from the end of the backfill on, so a foreign key of a later
   * migration may reference it; on a new table, from the expand on.
   */
  @Override
  public void apply(
      AddUniqueDecl unique, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addIndex(
        new IndexModel(
            unique.name(),
            unique.table(),
            unique.columns(),
            true,
            "btree",
            unique.name(),
            migrationId));
    model.addConstraint(
        unique.table(),
        new ConstraintModel(
            unique.name(),
            ConstraintModel.Kind.UNIQUE,
            unique.columns(),
            "",
            List.of(),
            migrationId));
    model.addKey(
        unique.table(),
        new KeyModel(
            unique.name(),
            unique.columns(),
            resolved.tableIsNew() ? migrationId : migrationId + 1));
  }

  @Override
  public OperationSql<AddUniqueDecl> sql() {
    return SQL;
  }
}
