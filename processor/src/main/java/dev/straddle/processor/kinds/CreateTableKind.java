package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.CreateTableSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.HashMap;
import java.util.Map;

/** {@code @CreateTable}: a new table, with its primary key. */
public final class CreateTableKind implements OperationKind<CreateTableDecl> {

  private static final CreateTableSql SQL = new CreateTableSql();

  @Override
  public String annotation() {
    return "CreateTable";
  }

  @Override
  public CreateTableDecl read(Mirrors values) {
    return new CreateTableDecl(
        values.site(), values.string("name"), values.columns(), values.string("partitionBy"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(CreateTableDecl create, OperationChecks checks) {
    if (!checks.tables().create(create, "at migration " + checks.migrationId())) {
      return false;
    }
    boolean types = true;
    for (ColumnDecl c : create.columns()) {
      types &= checks.columnType(c.site(), "type", "the type of \"" + c.name() + "\"", c.type());
    }
    if (!types) {
      return false;
    }
    if (checks.claimTable(create)) {
      return true;
    }
    checks
        .report()
        .error(
            create.site(),
            "name",
            Message.DUPLICATE_TABLE,
            create.name(),
            "created twice by migration " + checks.migrationId());
    return false;
  }

  /** Defaults are not sync fragments: they outlive the migration. */
  @Override
  public boolean checkReads(CreateTableDecl create, ExpressionReads reads) {
    boolean ok = true;
    for (ColumnDecl c : create.columns()) {
      ok &=
          reads.read(
              create.table(),
              c.site(),
              "defaultValue",
              "defaultValue of \"" + c.name() + "\"",
              c.defaultValue(),
              false);
    }
    return ok;
  }

  @Override
  public ResolvedOperation resolve(CreateTableDecl create, SchemaModel model) {
    Map<String, String> columns = new HashMap<>();
    create.columns().forEach(c -> columns.put(c.name(), c.type()));
    return new ResolvedOperation(TableName.parse(create.table()), null, columns);
  }

  @Override
  public void apply(
      CreateTableDecl create, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addTable(create, migrationId);
  }

  @Override
  public OperationSql<CreateTableDecl> sql() {
    return SQL;
  }
}
