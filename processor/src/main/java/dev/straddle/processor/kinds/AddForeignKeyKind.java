package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.AddForeignKeySql;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ColumnKinds;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddForeignKeyDecl;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ConstraintChecks;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import dev.straddle.processor.validation.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code @AddForeignKey}: checked against the schema as its migration leaves it (it may reference a
 * table, or use columns, the same migration adds). The referenced columns must be a key that exists
 * when the migration expands.
 */
public final class AddForeignKeyKind implements OperationKind<AddForeignKeyDecl> {

  private static final AddForeignKeySql SQL = new AddForeignKeySql();

  @Override
  public String annotation() {
    return "AddForeignKey";
  }

  @Override
  public AddForeignKeyDecl read(Mirrors values) {
    return new AddForeignKeyDecl(
        values.site(),
        values.string("table"),
        values.string("name"),
        values.strings("columns"),
        values.string("references"),
        values.strings("referencedColumns"),
        action(values.enumName("onDelete")),
        action(values.enumName("onUpdate")));
  }

  /** {@code SET_NULL} → {@code SET NULL}; the enum's constants are PostgreSQL's actions. */
  private static String action(String constant) {
    return constant.isEmpty() ? "NO ACTION" : constant.replace('_', ' ').toUpperCase(Locale.ROOT);
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(AddForeignKeyDecl fk, OperationChecks checks) {
    Site site = fk.site();
    Sql sql = checks.sql();
    ConstraintChecks constraints = new ConstraintChecks(checks);
    boolean ok = sql.table(site, "table", fk.table());
    ok &= sql.identifier(site, "name", "constraint", fk.name());
    ok &= sql.table(site, "references", fk.references());
    ok &= constraints.columns(site, "columns", "foreign key", fk.name(), fk.columns());
    for (String column : fk.referencedColumns()) {
      ok &= sql.identifier(site, "referencedColumns", "column", column);
    }
    TableModel table = ok ? checks.known(site, fk) : null;
    TableModel referenced = ok ? constraints.referenced(site, "references", fk.references()) : null;
    if (table == null || referenced == null) {
      return false;
    }
    if (!checks.notPartitioned(
        site,
        fk,
        table,
        "PostgreSQL (13 to 17) cannot add a NOT VALID foreign key to a partitioned table, and"
            + " adding it valid would scan every partition under a lock that blocks writes. Add it"
            + " by hand on each partition (NOT VALID, then VALIDATE CONSTRAINT), or declare it on"
            + " the migration that creates the table")) {
      return false;
    }
    ok = constraints.free(site, "name", table, fk.name());
    ok &= constraints.present(site, "columns", table, fk.columns());
    ok &= constraints.present(site, "referencedColumns", referenced, fk.referencedColumns());
    if (!ok) {
      return false;
    }
    ok &= action(site, "onDelete", "DELETE", fk.onDelete(), fk, table, checks);
    ok &= action(site, "onUpdate", "UPDATE", fk.onUpdate(), fk, table, checks);
    if (!ok) {
      return false;
    }
    List<String> target = target(fk, referenced);
    if (target.isEmpty()) {
      checks
          .report()
          .error(
              site,
              "references",
              Message.FOREIGN_KEY_NOT_KEY,
              fk.name(),
              "its primary key",
              fk.references(),
              "which the schema model does not know; give referencedColumns, or declare the key"
                  + " columns with primaryKey = true");
      return false;
    }
    if (target.size() != fk.columns().size()) {
      checks
          .report()
          .error(
              site,
              fk.referencedColumns().isEmpty() ? "references" : "referencedColumns",
              Message.FOREIGN_KEY_COLUMN_COUNT,
              fk.name(),
              fk.columns().size(),
              target.size(),
              fk.references());
      return false;
    }
    for (int i = 0; i < target.size(); i++) {
      ok &=
          sameType(site, fk, table.column(fk.columns().get(i)), referenced, target.get(i), checks);
    }
    return ok && isKey(site, fk, referenced, target, checks);
  }

  /**
   * {@code SET NULL} (or {@code SET DEFAULT} without a default) on a NOT NULL referencing column
   * would fail every delete or update it fires for.
   */
  private static boolean action(
      Site site,
      String attribute,
      String event,
      String action,
      AddForeignKeyDecl fk,
      TableModel table,
      OperationChecks checks) {
    boolean setNull = action.equals("SET NULL");
    if (!setNull && !action.equals("SET DEFAULT")) {
      return true;
    }
    for (String name : fk.columns()) {
      ColumnModel column = table.column(name);
      if (column.notNull() && (setNull || !column.hasDefault())) {
        checks
            .report()
            .error(
                site,
                attribute,
                Message.FOREIGN_KEY_ACTION,
                fk.name(),
                event,
                action,
                name,
                setNull ? "" : ", without a default");
        return false;
      }
    }
    return true;
  }

  /** The referenced columns: as declared, or the referenced table's primary key. */
  private static List<String> target(AddForeignKeyDecl fk, TableModel referenced) {
    if (!fk.referencedColumns().isEmpty()) {
      return fk.referencedColumns();
    }
    List<String> key = new ArrayList<>();
    for (ColumnModel c : referenced.columns()) {
      if (c.primaryKey()) {
        key.add(c.name());
      }
    }
    return key;
  }

  private static boolean sameType(
      Site site,
      AddForeignKeyDecl fk,
      ColumnModel column,
      TableModel referenced,
      String target,
      OperationChecks checks) {
    String type = stored(column.type());
    String targetType = stored(referenced.column(target).type());
    if (type.isEmpty() || targetType.isEmpty() || Sql.sameType(type, targetType)) {
      return true;
    }
    checks
        .report()
        .error(
            site,
            "columns",
            Message.FOREIGN_KEY_TYPE_MISMATCH,
            column.name(),
            fk.name(),
            type,
            target,
            fk.references(),
            targetType);
    return false;
  }

  /** The type a column holds: a serial's integer type, an identity column's type. */
  private static String stored(String declared) {
    String serial = ColumnKinds.serialBase(declared);
    if (serial != null) {
      return serial;
    }
    int generated = declared.toLowerCase(Locale.ROOT).indexOf(" generated ");
    return generated < 0 ? declared : declared.substring(0, generated);
  }

  /**
   * The referenced columns are a key when the migration expands. A key the model does not know is
   * accepted on a baseline table (its unique constraints are not declared; PostgreSQL checks at
   * expand, which then fails and changes nothing).
   */
  private static boolean isKey(
      Site site,
      AddForeignKeyDecl fk,
      TableModel referenced,
      List<String> target,
      OperationChecks checks) {
    KeyModel later = null;
    for (KeyModel key : referenced.keys()) {
      if (key.covers(target)) {
        if (key.usableFrom() <= checks.migrationId()) {
          return true;
        }
        later = key;
      }
    }
    String why;
    if (later != null) {
      why =
          "whose unique index \""
              + later.name()
              + "\" this migration builds at the end of its backfill, after its expand adds the"
              + " foreign key; add the foreign key in a later migration";
    } else if (referenced.complete()) {
      why =
          "which are neither its primary key nor unique; a foreign key references a primary key, a"
              + " unique constraint (@AddUnique) or a unique index without where";
    } else {
      return true;
    }
    checks
        .report()
        .error(
            site,
            fk.referencedColumns().isEmpty() ? "references" : "referencedColumns",
            Message.FOREIGN_KEY_NOT_KEY,
            fk.name(),
            String.join(", ", target),
            fk.references(),
            why);
    return false;
  }

  @Override
  public boolean checkReads(AddForeignKeyDecl fk, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(AddForeignKeyDecl fk, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(fk.table()),
        null,
        model.columnTypes(fk.table()),
        model.createdNow(fk.table()));
  }

  @Override
  public void apply(
      AddForeignKeyDecl fk, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    model.addConstraint(
        fk.table(),
        new ConstraintModel(
            fk.name(),
            ConstraintModel.Kind.FOREIGN_KEY,
            fk.columns(),
            fk.references(),
            target(fk, model.table(fk.references())),
            migrationId));
  }

  @Override
  public OperationSql<AddForeignKeyDecl> sql() {
    return SQL;
  }
}
