package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RenameTableSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RenameTableDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.Objects;

/**
 * {@code @RenameTable}: renamed at expand, with an automatically updatable view under the old name
 * for the running release until contract drops it (docs/ARCHITECTURE.md, "Tables").
 */
public final class RenameTableKind implements OperationKind<RenameTableDecl> {

  private static final RenameTableSql SQL = new RenameTableSql();

  @Override
  public String annotation() {
    return "RenameTable";
  }

  @Override
  public RenameTableDecl read(Mirrors values) {
    return new RenameTableDecl(values.site(), values.string("from"), values.string("to"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RenameTableDecl rename, OperationChecks checks) {
    Site site = rename.site();
    boolean ok = checks.sql().table(site, "from", rename.from());
    ok &= checks.sql().table(site, "to", rename.to());
    if (!ok) {
      return false;
    }
    TableName from = TableName.parse(rename.from());
    TableName to = TableName.parse(rename.to());
    if (!Objects.equals(from.schema(), to.schema())) {
      checks
          .report()
          .error(
              site,
              "to",
              Message.RENAME_TABLE_SCHEMA,
              rename.from(),
              new TableName(from.schema(), to.name()));
      return false;
    }
    TableModel table = checks.known(site, "from", rename.from());
    if (table == null) {
      return false;
    }
    TableModel taken = checks.model().table(rename.to());
    if (taken != null) {
      checks
          .report()
          .error(
              site,
              "to",
              Message.DUPLICATE_TABLE,
              rename.to(),
              rename.to().equals(rename.from())
                  ? "it is from"
                  : taken.createdBy() == 0
                      ? "declared with @ExistingTable"
                      : "created by migration " + taken.createdBy());
      return false;
    }
    return true;
  }

  @Override
  public boolean checkReads(RenameTableDecl rename, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(RenameTableDecl rename, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(rename.from()), null, model.columnTypes(rename.from()));
  }

  @Override
  public void apply(
      RenameTableDecl rename, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.renameTable(rename.from(), rename.to(), migrationId);
  }

  @Override
  public OperationSql<RenameTableDecl> sql() {
    return SQL;
  }
}
