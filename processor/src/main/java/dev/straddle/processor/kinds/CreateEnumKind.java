package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.CreateEnumSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.CreateEnumDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.EnumChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code @CreateEnum}: a new enum type, on no table (docs/ARCHITECTURE.md, "Enum types"). Columns
 * of the same migration may have the type: its statement goes first in the expand transaction.
 */
public final class CreateEnumKind implements OperationKind<CreateEnumDecl> {

  private static final CreateEnumSql SQL = new CreateEnumSql();

  @Override
  public String annotation() {
    return "CreateEnum";
  }

  @Override
  public CreateEnumDecl read(Mirrors values) {
    return new CreateEnumDecl(values.site(), values.string("name"), values.strings("values"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(CreateEnumDecl create, OperationChecks checks) {
    Site site = create.site();
    EnumChecks enums = checks.enums();
    boolean ok = enums.name(site, "name", create.name());
    Set<String> seen = new HashSet<>();
    for (String label : create.values()) {
      if (!enums.label(site, "values", create.name(), label)) {
        ok = false;
      } else if (!seen.add(label)) {
        checks
            .report()
            .error(
                site, "values", Message.ENUM_LABEL, label, create.name(), "it is declared twice");
        ok = false;
      }
    }
    if (!ok) {
      return false;
    }
    EnumModel existing = checks.model().enumType(create.name());
    if (existing != null) {
      checks
          .report()
          .error(
              site,
              "name",
              Message.DUPLICATE_ENUM,
              create.name(),
              existing.createdBy() == 0
                  ? "declared with @ExistingEnum"
                  : "created by migration " + existing.createdBy());
      return false;
    }
    return checks.claimEnum(site, "name", create, create.name(), "", true);
  }

  @Override
  public boolean checkReads(CreateEnumDecl create, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(CreateEnumDecl create, SchemaModel model) {
    return new ResolvedOperation(null, null, Map.of());
  }

  @Override
  public void apply(
      CreateEnumDecl create, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addEnum(create.name(), create.values(), migrationId);
  }

  @Override
  public OperationSql<CreateEnumDecl> sql() {
    return SQL;
  }
}
