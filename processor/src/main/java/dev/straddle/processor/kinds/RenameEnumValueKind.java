package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RenameEnumValueSql;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RenameEnumValueDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.EnumChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;
import java.util.Map;

/**
 * {@code @RenameEnumValue}: at contract, once the release that writes the old label is gone
 * (docs/ARCHITECTURE.md, "Enum types"). Later migrations' expressions may not use the old label.
 */
public final class RenameEnumValueKind implements OperationKind<RenameEnumValueDecl> {

  private static final RenameEnumValueSql SQL = new RenameEnumValueSql();

  @Override
  public String annotation() {
    return "RenameEnumValue";
  }

  @Override
  public RenameEnumValueDecl read(Mirrors values) {
    return new RenameEnumValueDecl(
        values.site(), values.string("type"), values.string("from"), values.string("to"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RenameEnumValueDecl rename, OperationChecks checks) {
    Site site = rename.site();
    EnumChecks enums = checks.enums();
    if (!checks.claimEnum(site, "from", rename, rename.type(), rename.from(), false)
        || !checks.claimEnum(site, "to", rename, rename.type(), rename.to(), false)) {
      return false;
    }
    EnumModel type = enums.known(site, "type", rename.type());
    if (type == null || !enums.label(site, "to", rename.type(), rename.to())) {
      return false;
    }
    return enums.has(site, "from", type, rename.from())
        & enums.lacks(site, "to", type, rename.to());
  }

  @Override
  public boolean checkReads(RenameEnumValueDecl rename, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(RenameEnumValueDecl rename, SchemaModel model) {
    return new ResolvedOperation(null, null, Map.of());
  }

  @Override
  public void apply(
      RenameEnumValueDecl rename, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.removeEnumLabel(rename.type(), rename.from(), migrationId, rename.to());
  }

  @Override
  public OperationSql<RenameEnumValueDecl> sql() {
    return SQL;
  }
}
