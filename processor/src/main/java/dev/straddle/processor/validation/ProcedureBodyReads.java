package dev.straddle.processor.validation;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.GoneColumn;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.ProcedureDecl;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a procedure body reads, checked against the schema model (best effort, from the text): the
 * tables after FROM, JOIN, UPDATE and INSERT INTO, and the columns of those tables that are gone.
 * {@link ProcedureChecks} runs it on each version as declared and on the live versions a migration
 * breaks; {@link #withoutLiteralsAndComments} also serves the trigger checks.
 */
final class ProcedureBodyReads {

  /** A table reference: after FROM, JOIN, UPDATE or INSERT INTO, optionally schema-qualified. */
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile(
          "(?i)\\b(?:from|join|update|insert\\s+into)\\s+(?:only\\s+)?"
              + "([a-z_][a-z0-9_$]*(?:\\.[a-z_][a-z0-9_$]*)?)(\\s*\\()?");

  /** A CTE or subquery alias: {@code name AS (} (also {@code AS [NOT] MATERIALIZED (}). */
  private static final Pattern CTE =
      Pattern.compile("(?i)\\b([a-z_][a-z0-9_$]*)\\s+as\\s+(?:not\\s+)?(?:materialized\\s+)?\\(");

  private final ValidationReport report;
  private final SchemaModel model;

  ProcedureBodyReads(ValidationReport report, SchemaModel model) {
    this.report = report;
    this.model = model;
  }

  /**
   * Best effort, conservative: tables after FROM/JOIN/UPDATE/INSERT INTO that the model does not
   * know are reported only when they are a near miss of a known table (a typo; a table Straddle
   * does not manage is not an error); bare references to a column the model says is gone (renamed
   * or dropped by this migration or an earlier one) in a table the body reads are reported unless a
   * table the body reads still has a column of that name, or an argument has that name.
   *
   * @param onlyGoneBy 0: check a version as declared; else report only what migration {@code
   *     onlyGoneBy} makes gone, for a live version it breaks (its hint: declare the next version)
   * @return true when nothing was reported
   */
  boolean check(ProcedureDecl p, int migrationId, int onlyGoneBy) {
    String text = withoutLiteralsAndComments(p.body());
    Set<String> ctes = new LinkedHashSet<>();
    Matcher cte = CTE.matcher(text);
    while (cte.find()) {
      ctes.add(cte.group(1).toLowerCase(Locale.ROOT));
    }
    Set<TableModel> tables = new LinkedHashSet<>();
    Matcher m = TABLE_REFERENCE.matcher(text);
    boolean ok = true;
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      if (m.group(2) != null || ctes.contains(name)) {
        continue; // a set-returning function, or a CTE
      }
      TableModel table = model.table(name);
      if (table != null) {
        tables.add(table);
        continue;
      }
      GoneColumn goneTable = model.goneTable(name);
      if (goneTable != null) {
        if (onlyGoneBy == 0 || goneTable.migrationId() == onlyGoneBy) {
          report.error(
              p.site(),
              "body",
              Message.PROCEDURE_GONE_TABLE,
              p.name(),
              p.version(),
              name,
              goneTable.describe(),
              fix(p, migrationId, onlyGoneBy));
          ok = false;
        }
        continue;
      }
      if (onlyGoneBy > 0) {
        continue; // reported when the version was declared
      }
      String hint = Suggestions.hint(name, model.tableNames());
      if (!hint.isEmpty() && !name.contains(".")) {
        report.error(
            p.site(),
            "body",
            Message.PROCEDURE_UNKNOWN_TABLE,
            p.name(),
            p.version(),
            name,
            migrationId,
            hint);
        ok = false;
      }
    }
    Set<String> current = new java.util.HashSet<>();
    tables.forEach(t -> current.addAll(t.columnNames()));
    Set<String> arguments = ProcedureArguments.parse(p.arguments()).names();
    for (TableModel table : tables) {
      for (GoneColumn gone : table.goneColumns()) {
        if (current.contains(gone.name())
            || arguments.contains(gone.name())
            || (onlyGoneBy > 0 && gone.migrationId() != onlyGoneBy)) {
          continue;
        }
        if (!SqlExpression.of(text).referencedColumns(Set.of(gone.name())).isEmpty()) {
          report.error(
              p.site(),
              "body",
              Message.PROCEDURE_GONE_COLUMN,
              p.name(),
              p.version(),
              gone.name(),
              table.name(),
              gone.describe(),
              fix(p, migrationId, onlyGoneBy));
          ok = false;
        }
      }
    }
    return ok;
  }

  /** The body with string literals emptied and comments removed (they hold no references). */
  static String withoutLiteralsAndComments(String body) {
    return body.replaceAll("'(?:[^']|'')*'", "''")
        .replaceAll("--[^\\n]*", " ")
        .replaceAll("(?s)/\\*.*?\\*/", " ");
  }

  /** What to do about a gone table or column the body reads. */
  private static String fix(ProcedureDecl p, int migrationId, int onlyGoneBy) {
    return onlyGoneBy > 0
        ? "declare version "
            + (p.version() + 1)
            + " in migration "
            + migrationId
            + " (its contract drops this one)"
        : "use the new shape";
  }
}
