package dev.straddle.processor.validation;

import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.AddColumnDecl;
import dev.straddle.processor.reading.AlterColumnDecl;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import dev.straddle.processor.reading.DropColumnDecl;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.runtime.sql.SqlExpression;
import java.util.HashSet;
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
 * <p>Best effort and conservative: only bare names are considered ({@link
 * SqlExpression#bareNames}), PostgreSQL key words never, and an expression with a subquery not at
 * all.
 */
final class ExpressionReads {

  private final ValidationReport report;
  private final SchemaModel model;
  private final int migrationId;

  ExpressionReads(ValidationReport report, SchemaModel model, int migrationId) {
    this.report = report;
    this.model = model;
    this.migrationId = migrationId;
  }

  /**
   * Checks a valid operation of this migration; call once the migration's operations were replayed
   * into the model. True when every name it reads may be a column.
   */
  boolean check(OperationDecl op) {
    TableModel table = model.table(op.table());
    if (table == null) {
      return true;
    }
    if (op instanceof AddColumnDecl add) {
      return read(add.site(), "up", "up", add.up(), table, true)
          & read(add.site(), "defaultValue", "defaultValue", add.defaultValue(), table, true);
    } else if (op instanceof AlterColumnDecl alter) {
      return read(alter.site(), "up", "up", alter.up(), table, true)
          & read(alter.site(), "down", "down", alter.down(), table, true);
    } else if (op instanceof DropColumnDecl drop) {
      return read(drop.site(), "down", "down", drop.down(), table, true);
    } else if (op instanceof CreateIndexDecl index) {
      // The index outlives the migration: a column its contract drops would drop the index.
      return read(index.site(), "where", "where", index.where(), table, false);
    } else if (op instanceof CreateTableDecl create) {
      boolean ok = true;
      for (ColumnDecl c : create.columns()) {
        ok &=
            read(
                c.site(),
                "defaultValue",
                "defaultValue of \"" + c.name() + "\"",
                c.defaultValue(),
                table,
                false);
      }
      return ok;
    }
    return true;
  }

  /**
   * {@code inFlight}: the expression runs only while the migration is in flight (a sync fragment),
   * so it may also read the columns the migration itself renames away or drops.
   */
  private boolean read(
      Site site, String attribute, String what, String text, TableModel table, boolean inFlight) {
    if (text.isEmpty()) {
      return true;
    }
    Set<String> allowed = new HashSet<>(table.columnNames());
    if (inFlight) {
      for (GoneColumn gone : table.goneColumns()) {
        if (gone.migrationId() == migrationId) {
          allowed.add(gone.name());
        }
      }
    }
    boolean ok = true;
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
}
