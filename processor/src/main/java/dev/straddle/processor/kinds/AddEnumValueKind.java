package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.AddEnumValueSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.AddEnumValueDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.EnumChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.Map;

/**
 * {@code @AddEnumValue}: a label added at expand, committed before the expand transaction
 * (docs/ARCHITECTURE.md, "Enum types"), so the migration's expressions may use it.
 */
public final class AddEnumValueKind implements OperationKind<AddEnumValueDecl> {

  private static final AddEnumValueSql SQL = new AddEnumValueSql();

  @Override
  public String annotation() {
    return "AddEnumValue";
  }

  @Override
  public AddEnumValueDecl read(Mirrors values) {
    return new AddEnumValueDecl(
        values.site(),
        values.string("type"),
        values.string("value"),
        values.string("before"),
        values.string("after"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(AddEnumValueDecl add, OperationChecks checks) {
    Site site = add.site();
    EnumChecks enums = checks.enums();
    if (!checks.claimEnum(site, "type", add, add.type(), add.value(), false)) {
      return false;
    }
    EnumModel type = enums.known(site, "type", add.type());
    if (type == null || !enums.label(site, "value", add.type(), add.value())) {
      return false;
    }
    boolean ok = enums.lacks(site, "value", type, add.value());
    if (!add.before().isEmpty() && !add.after().isEmpty()) {
      checks
          .report()
          .error(
              site,
              "after",
              Message.ENUM_LABEL,
              add.value(),
              add.type(),
              "give before or after, not both");
      return false;
    }
    if (!add.before().isEmpty()) {
      ok &= enums.has(site, "before", type, add.before());
    }
    if (!add.after().isEmpty()) {
      ok &= enums.has(site, "after", type, add.after());
    }
    return ok;
  }

  @Override
  public boolean checkReads(AddEnumValueDecl add, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(AddEnumValueDecl add, SchemaModel model) {
    return new ResolvedOperation(null, null, Map.of());
  }

  @Override
  public void apply(
      AddEnumValueDecl add, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    boolean before = !add.before().isEmpty();
    model.addEnumLabel(add.type(), add.value(), before ? add.before() : add.after(), before);
  }

  @Override
  public OperationSql<AddEnumValueDecl> sql() {
    return SQL;
  }
}
