package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.ChangeColumnTypeSql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.model.TypeWidening;
import dev.straddle.processor.model.TypeWidening.Path;
import dev.straddle.processor.reading.ChangeColumnTypeDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code @ChangeColumnType}: a column widened in place under its name ({@link TypeWidening} lists
 * what is accepted and how it is made). The column keeps its NOT NULL, default and primary key.
 */
public final class ChangeColumnTypeKind implements OperationKind<ChangeColumnTypeDecl> {

  private static final ChangeColumnTypeSql SQL = new ChangeColumnTypeSql();

  @Override
  public String annotation() {
    return "ChangeColumnType";
  }

  @Override
  public ChangeColumnTypeDecl read(Mirrors values) {
    return new ChangeColumnTypeDecl(
        values.site(), values.string("table"), values.string("column"), values.string("type"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(ChangeColumnTypeDecl change, OperationChecks checks) {
    Site site = change.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", change.table());
    ok &= sql.identifier(site, "column", "column", change.column());
    ok &= sql.type(site, "type", "type", change.type(), true);
    TableModel table =
        ok && checks.claim(site, "column", change, change.column())
            ? checks.known(site, change)
            : null;
    if (table == null || !checks.present(site, "column", table, change.column())) {
      return false;
    }
    ColumnModel from = table.column(change.column());
    String refused = refusal(from, change.type(), table);
    if (refused != null) {
      checks
          .report()
          .error(
              site,
              "type",
              Message.TYPE_CHANGE_UNSAFE,
              change.column(),
              change.table(),
              from.type().isEmpty() ? "an unknown type" : from.type(),
              change.type(),
              refused);
      return false;
    }
    if (TypeWidening.of(from.type(), change.type()) == Path.CATALOG) {
      return true;
    }
    return checks.absent(site, "column", table, ChangeColumnTypeSql.shadowName(change.column()))
        & referencesWiden(change, from, checks);
  }

  /**
   * A primary key swapped for a wider type: every single-column foreign key the model knows that
   * references it must have its column widened to the same type by the same migration (the contract
   * re-creates the foreign key against the new key). Foreign keys the model does not know (a
   * baseline table's) are checked by the guard at expand, which names the same declaration.
   */
  private static boolean referencesWiden(
      ChangeColumnTypeDecl change, ColumnModel from, OperationChecks checks) {
    if (!from.primaryKey()) {
      return true;
    }
    TableName key = TableName.parse(change.table());
    boolean ok = true;
    for (String name : new TreeSet<>(checks.model().tableNames())) {
      for (ConstraintModel fk : checks.model().table(name).constraints()) {
        boolean references =
            fk.kind() == ConstraintModel.Kind.FOREIGN_KEY
                && fk.columns().size() == 1
                && TableName.parse(fk.references()).equals(key)
                && (fk.referencedColumns().isEmpty()
                    || fk.referencedColumns().equals(List.of(change.column())));
        if (!references) {
          continue;
        }
        String column = fk.columns().get(0);
        ChangeColumnTypeDecl widened = sibling(checks, TableName.parse(name), column);
        if (widened != null && Sql.sameType(widened.type(), change.type())) {
          continue;
        }
        checks
            .report()
            .error(
                change.site(),
                "column",
                Message.TYPE_CHANGE_FOREIGN_KEY,
                change.column(),
                change.table(),
                fk.name(),
                name,
                column,
                widened == null ? "" : " (it declares type " + widened.type() + ")",
                name,
                column,
                change.type(),
                checks.migrationId());
        ok = false;
      }
    }
    return ok;
  }

  /** The migration's {@code @ChangeColumnType} of {@code column} of {@code table}, or null. */
  private static ChangeColumnTypeDecl sibling(
      OperationChecks checks, TableName table, String column) {
    for (OperationDecl op : checks.operations()) {
      if (op instanceof ChangeColumnTypeDecl change
          && TableName.parse(change.table()).equals(table)
          && change.column().equals(column)) {
        return change;
      }
    }
    return null;
  }

  /** Why the change cannot be made in place, or null when it can. */
  private static String refusal(ColumnModel from, String to, TableModel table) {
    if (from.type().isEmpty()) {
      return "the schema model does not know its type (declare it in @ExistingTable)";
    }
    if (Sql.sameType(from.type(), to)) {
      return "the column already has that type";
    }
    Path path = TypeWidening.of(from.type(), to);
    if (path == null) {
      return "only a widening both releases can read is made in place ("
          + TypeWidening.ACCEPTED
          + ")";
    }
    boolean compositeKey =
        from.primaryKey() && table.columns().stream().filter(ColumnModel::primaryKey).count() > 1;
    if (path == Path.SHADOW && from.primaryKey() && table.partitioned()) {
      return "it is the primary key of a partitioned table, and PostgreSQL cannot add a primary key"
          + " USING INDEX to a partitioned table, which the swap does";
    }
    if (path == Path.SHADOW && compositeKey) {
      return "it is part of a composite primary key, which the swap does not rebuild";
    }
    return null;
  }

  /** A type change has no expressions. */
  @Override
  public boolean checkReads(ChangeColumnTypeDecl change, ExpressionReads reads) {
    return true;
  }

  @Override
  public ResolvedOperation resolve(ChangeColumnTypeDecl change, SchemaModel model) {
    ColumnModel subject = model.column(change.table(), change.column());
    Map<String, String> columns = model.columnTypes(change.table());
    if (TypeWidening.of(subject.type(), change.type()) == Path.SHADOW) {
      columns.put(ChangeColumnTypeSql.shadowName(change.column()), change.type());
    }
    return new ResolvedOperation(TableName.parse(change.table()), subject, columns);
  }

  @Override
  public void apply(
      ChangeColumnTypeDecl change, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    ColumnModel from = resolved.subject();
    model.addColumn(
        change.table(),
        new ColumnModel(
            from.name(), change.type(), from.notNull(), from.defaultValue(), from.primaryKey()));
  }

  @Override
  public OperationSql<ChangeColumnTypeDecl> sql() {
    return SQL;
  }
}
