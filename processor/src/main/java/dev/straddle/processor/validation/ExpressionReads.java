package dev.straddle.processor.validation;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Site;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns an operation's expressions ({@code up}, {@code down}, {@code defaultValue}, an
 * index's {@code where}) read, against the schema as the migration leaves it. A misspelt column in
 * a sync fragment compiles into a trigger that fails every write of the running release, so a
 * column the model knows is absent is an error: one an earlier migration renamed or dropped (on any
 * table), or one a table created by a migration never had. A baseline table
 * ({@code @ExistingTable}) may have columns nobody declared, so an unknown name there is not
 * reported.
 *
 * <p>Each operation kind says which of its expressions are read, and how ({@link
 * dev.straddle.processor.kinds.OperationKind#checkReads}).
 *
 * <p>Best effort and conservative: only bare names are considered ({@link
 * SqlExpression#bareNames}), PostgreSQL key words never, and an expression with a subquery not at
 * all.
 */
public final class ExpressionReads {

  private final ValidationReport report;
  private final SchemaModel model;
  private final int migrationId;

  ExpressionReads(ValidationReport report, SchemaModel model, int migrationId) {
    this.report = report;
    this.model = model;
    this.migrationId = migrationId;
  }

  /**
   * Checks an expression of a valid operation of this migration on {@code table} (call once the
   * migration's operations were replayed into the model); true when every name it reads may be a
   * column, and when the model does not know the table. {@code inFlight}: the expression runs only
   * while the migration is in flight (a sync fragment), so it may also read the columns the
   * migration itself renames away or drops.
   */
  public boolean read(
      String table, Site site, String attribute, String what, String text, boolean inFlight) {
    TableModel model = this.model.table(table);
    if (model == null || text.isEmpty()) {
      return true;
    }
    return read(site, attribute, what, text, model, inFlight);
  }

  private boolean read(
      Site site, String attribute, String what, String text, TableModel table, boolean inFlight) {
    Set<String> allowed = new HashSet<>(table.columnNames());
    if (inFlight) {
      for (GoneColumn gone : table.goneColumns()) {
        if (gone.migrationId() == migrationId) {
          allowed.add(gone.name());
        }
      }
    }
    boolean ok = labels(site, attribute, what, text, table, allowed, inFlight);
    for (String name : SqlExpression.of(text).bareNames(SqlKeywords.ALL)) {
      if (allowed.contains(name)) {
        continue;
      }
      GoneColumn gone = table.gone(name);
      if (gone != null) {
        report.error(
            site, attribute, Message.COLUMN_GONE, name, table.name(), gone.describe(), migrationId);
        ok = false;
      } else if (table.complete()) {
        report.error(
            site,
            attribute,
            Message.EXPRESSION_UNKNOWN_COLUMN,
            what,
            name,
            table.name(),
            migrationId,
            Suggestions.hint(name, allowed));
        ok = false;
      }
    }
    return ok;
  }

  /**
   * The string literals of the expression that are labels an operation removed or renamed away from
   * an enum type of the table's columns (or one the expression casts to): PostgreSQL would refuse
   * the literal once the label is gone. A sync fragment ({@code inFlight}) of the migration that
   * removes the label may use it: it runs only until that migration's contract.
   */
  private boolean labels(
      Site site,
      String attribute,
      String what,
      String text,
      TableModel table,
      Set<String> columns,
      boolean inFlight) {
    SqlExpression expression = SqlExpression.of(text);
    List<String> literals = expression.stringLiterals();
    if (literals.isEmpty()) {
      return true;
    }
    Set<EnumModel> enums = new LinkedHashSet<>();
    for (String column : columns) {
      ColumnModel c = table.column(column);
      EnumModel e = c == null ? null : model.enumOfColumnType(c.type());
      if (e != null) {
        enums.add(e);
      }
    }
    for (String cast : expression.castTypes()) {
      EnumModel e = model.enumType(cast);
      if (e != null) {
        enums.add(e);
      }
    }
    boolean ok = true;
    for (EnumModel e : enums) {
      for (String literal : new LinkedHashSet<>(literals)) {
        EnumModel.GoneLabel gone = e.gone(literal);
        if (gone == null || inFlight && gone.migrationId() == migrationId) {
          continue;
        }
        report.error(
            site,
            attribute,
            Message.ENUM_VALUE_GONE,
            what,
            literal,
            e.name(),
            gone.describe(),
            migrationId);
        ok = false;
      }
    }
    return ok;
  }
}
