package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RenameColumnSql;
import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RenameColumnDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.Map;

/**
 * {@code @RenameColumn a→b}: {@code b} beside {@code a}, kept equal while in flight, {@code a}
 * dropped at contract. A rename of a column a baseline table did not declare uses the rename's
 * explicit {@code type} (nullable, no default).
 */
public final class RenameColumnKind implements OperationKind<RenameColumnDecl> {

  private static final RenameColumnSql SQL = new RenameColumnSql();

  @Override
  public String annotation() {
    return "RenameColumn";
  }

  @Override
  public RenameColumnDecl read(Mirrors values) {
    return new RenameColumnDecl(
        values.site(),
        values.string("table"),
        values.string("from"),
        values.string("to"),
        values.string("type"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RenameColumnDecl rename, OperationChecks checks) {
    Site site = rename.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", rename.table());
    ok &= sql.identifier(site, "from", "column", rename.from());
    ok &= sql.identifier(site, "to", "column", rename.to());
    ok &= sql.type(site, "type", "type", rename.type(), false);
    if (ok && rename.to().equals(rename.from())) {
      checks
          .report()
          .error(
              site, "to", Message.DUPLICATE_COLUMN, rename.table(), rename.to(), " (it is from)");
      return false;
    }
    ok =
        ok
            && checks.claim(site, "from", rename, rename.from())
                & checks.claim(site, "to", rename, rename.to());
    TableModel table = ok ? checks.known(site, rename) : null;
    if (table == null) {
      return false;
    }
    ColumnModel from = table.column(rename.from());
    ok &= from == null || checks.notKey(site, "from", table, from);
    String declared = from != null ? from.type() : rename.type();
    boolean key = from != null && from.primaryKey();
    if (!key && from != null && from.isIdentity()) {
      checks
          .report()
          .error(
              site,
              "from",
              Message.IDENTITY_COLUMN_CHANGE,
              rename.from(),
              rename.table(),
              from.identity(),
              "a rename copies the column, and the copy would not be numbered by its sequence");
      return false;
    }
    if (!key && (ColumnKinds.serialBase(declared) != null || ColumnKinds.generated(declared))) {
      checks
          .report()
          .error(
              site,
              from != null ? "from" : "type",
              Message.RENAME_SEQUENCE_COLUMN,
              rename.from(),
              rename.table(),
              declared.trim(),
              rename.table(),
              rename.from());
      ok = false;
    }
    if (from == null && (table.complete() || table.gone(rename.from()) != null)) {
      ok &= checks.present(site, "from", table, rename.from());
    } else if (from == null && rename.type().isEmpty()) {
      checks
          .report()
          .error(site, "from", Message.RENAME_TYPE_UNKNOWN, rename.from(), rename.table());
      ok = false;
    } else if (from != null
        && !rename.type().isEmpty()
        && !from.type().isEmpty()
        && !Sql.sameType(rename.type(), from.type())) {
      checks
          .report()
          .error(
              site,
              "type",
              Message.RENAME_TYPE_MISMATCH,
              rename.type(),
              from.type(),
              rename.from());
      ok = false;
    }
    return ok & checks.absent(site, "to", table, rename.to());
  }

  /** A rename has no expressions. */
  @Override
  public boolean checkReads(RenameColumnDecl rename, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(RenameColumnDecl rename, SchemaModel model) {
    Map<String, String> columns = model.columnTypes(rename.table());
    ColumnModel subject = model.column(rename.table(), rename.from());
    if (subject == null) {
      subject = new ColumnModel(rename.from(), rename.type(), false, "", false);
    }
    columns.put(rename.from(), subject.type());
    columns.put(rename.to(), subject.type());
    return new ResolvedOperation(TableName.parse(rename.table()), subject, columns);
  }

  @Override
  public void apply(
      RenameColumnDecl rename, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.removeColumn(rename.table(), new GoneColumn(rename.from(), migrationId, rename.to()));
    model.addColumn(rename.table(), resolved.subject().renamed(rename.to()));
  }

  @Override
  public OperationSql<RenameColumnDecl> sql() {
    return SQL;
  }
}
