package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.generation.DropEnumValueSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.DropEnumValueDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.RenameTableDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.EnumChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.List;
import java.util.Map;

/**
 * {@code @DropEnumValue}: the label stays until contract (old code writes it), where the rows that
 * hold it get the replacement and the type is made again without it (docs/ARCHITECTURE.md, "Enum
 * types"). Refused while a default, a check or an index predicate of the model uses the label, or
 * while a {@code @RenameTable} declared after it in the migration keeps a view of a table with a
 * column of the type; later migrations' expressions may not use it (checked with their
 * expressions).
 */
public final class DropEnumValueKind implements OperationKind<DropEnumValueDecl> {

  private static final DropEnumValueSql SQL = new DropEnumValueSql();

  @Override
  public String annotation() {
    return "DropEnumValue";
  }

  @Override
  public DropEnumValueDecl read(Mirrors values) {
    return new DropEnumValueDecl(
        values.site(), values.string("type"), values.string("value"), values.string("replacement"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(DropEnumValueDecl drop, OperationChecks checks) {
    Site site = drop.site();
    EnumChecks enums = checks.enums();
    if (!checks.claimEnum(site, "value", drop, drop.type(), drop.value(), false)) {
      return false;
    }
    EnumModel type = enums.known(site, "type", drop.type());
    if (type == null
        || !enums.has(site, "value", type, drop.value())
        || !enums.label(site, "replacement", drop.type(), drop.replacement())) {
      return false;
    }
    if (drop.replacement().equals(drop.value())) {
      checks
          .report()
          .error(
              site,
              "replacement",
              Message.ENUM_LABEL,
              drop.replacement(),
              drop.type(),
              "the replacement must be another label than the one dropped");
      return false;
    }
    if (!checks.addedHere(drop.type(), drop.replacement())
        && !enums.has(site, "replacement", type, drop.replacement())) {
      return false;
    }
    boolean ok = unused(drop, type, checks);
    return noViewInTheWay(drop, type, checks) && ok;
  }

  /**
   * No {@code @RenameTable} declared after this one in the migration renames a table with a column
   * of the type: its view of the old name ({@code SELECT *}) would still be there when this
   * operation's contract moves the column, which PostgreSQL cannot do under a view. Declared
   * before, its contract drops the view first.
   */
  private static boolean noViewInTheWay(
      DropEnumValueDecl drop, EnumModel type, OperationChecks checks) {
    List<OperationDecl> operations = checks.operations();
    boolean ok = true;
    for (OperationDecl later :
        operations.subList(operations.indexOf(drop) + 1, operations.size())) {
      if (!(later instanceof RenameTableDecl rename)) {
        continue;
      }
      TableModel table = checks.model().table(rename.from());
      ColumnModel column =
          table == null
              ? null
              : table.columns().stream()
                  .filter(c -> checks.model().enumOfColumnType(c.type()) == type)
                  .findFirst()
                  .orElse(null);
      if (column != null) {
        checks
            .report()
            .error(
                rename.site(),
                "from",
                Message.ENUM_COLUMN_IN_VIEW,
                rename.from(),
                column.name(),
                drop.type(),
                "declare @RenameTable before @DropEnumValue: its contract then drops the view"
                    + " first");
        ok = false;
      }
    }
    return ok;
  }

  /** No default, check or index predicate the model knows uses the label. */
  private static boolean unused(DropEnumValueDecl drop, EnumModel type, OperationChecks checks) {
    SchemaModel model = checks.model();
    boolean ok = true;
    for (String name : model.tableNames()) {
      TableModel table = model.table(name);
      boolean typed = false;
      for (ColumnModel c : table.columns()) {
        boolean ofType = model.enumOfColumnType(c.type()) == type;
        typed |= ofType;
        if (!c.defaultValue().isEmpty() && uses(c.defaultValue(), drop.value(), ofType, type)) {
          ok &= inUse(drop, checks, "the default of column \"" + name + "." + c.name() + "\"");
        }
      }
      for (SchemaModel.LiveExpression e : model.liveExpressions()) {
        if (e.table().equals(name) && uses(e.text(), drop.value(), typed, type)) {
          ok &=
              inUse(
                  drop,
                  checks,
                  e.what() + " of table \"" + name + "\" (migration " + e.migrationId() + ")");
        }
      }
    }
    return ok;
  }

  private static boolean uses(String text, String label, boolean typed, EnumModel type) {
    SqlExpression expression = SqlExpression.of(text);
    return (typed || expression.castTypes().contains(type.name()))
        && expression.stringLiterals().contains(label);
  }

  private static boolean inUse(DropEnumValueDecl drop, OperationChecks checks, String what) {
    checks
        .report()
        .error(
            drop.site(),
            "value",
            Message.ENUM_VALUE_IN_USE,
            drop.value(),
            drop.type(),
            what,
            "change or drop it in an earlier migration");
    return false;
  }

  @Override
  public boolean checkReads(DropEnumValueDecl drop, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(DropEnumValueDecl drop, SchemaModel model) {
    return new ResolvedOperation(null, null, Map.of());
  }

  @Override
  public void apply(
      DropEnumValueDecl drop, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.removeEnumLabel(drop.type(), drop.value(), migrationId, null);
  }

  @Override
  public OperationSql<DropEnumValueDecl> sql() {
    return SQL;
  }
}
