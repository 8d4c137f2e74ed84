package dev.straddle.processor.validation;

import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.model.TriggerModel;
import dev.straddle.processor.reading.CreateTriggerDecl;
import dev.straddle.processor.reading.DropProcedureDecl;
import dev.straddle.processor.reading.DropTriggerDecl;
import dev.straddle.processor.reading.Site;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of {@code @CreateTrigger}, {@code @DropTrigger} and {@code @DropProcedure}
 * (docs/ARCHITECTURE.md, "Triggers and existing functions").
 */
public final class TriggerChecks {

  /** {@code NEW.column} or {@code OLD.column} in a WHEN condition. */
  private static final Pattern ROW_REFERENCE =
      Pattern.compile("(?i)(?<![a-z0-9_$.\"])(new|old)\\s*\\.\\s*\"?([a-z_][a-z0-9_$]*)");

  private final OperationChecks checks;

  public TriggerChecks(OperationChecks checks) {
    this.checks = checks;
  }

  private ValidationReport report() {
    return checks.report();
  }

  /** {@code @CreateTrigger}, against the schema and procedures as its migration leaves them. */
  public boolean create(CreateTriggerDecl t) {
    Site site = t.site();
    Sql sql = checks.sql();
    boolean ok = sql.table(site, "table", t.table());
    ok &= sql.identifier(site, "name", "trigger", t.name());
    ok &= sql.identifier(site, "procedure", "procedure name", t.procedure());
    ok &= sql.expression(site, "when", "when", t.when(), false);
    for (String column : t.columns()) {
      ok &= sql.identifier(site, "columns", "column", column);
    }
    if (ok && t.name().compareTo(SyncFunctionSql.TRIGGER_NAME) <= 0
        || t.name().startsWith("_straddle")) {
      report()
          .error(
              site,
              "name",
              Message.TRIGGER_BEFORE_SYNC,
              t.name(),
              t.name().startsWith("_straddle") ? "is reserved next to" : "sorts before");
      ok = false;
    }
    TableModel table = ok ? checks.known(site, t) : null;
    if (table == null) {
      return false;
    }
    ok &= shape(t, table);
    TriggerModel existing = checks.model().trigger(t.table(), t.name());
    Integer dropped = checks.model().triggerDroppedBy(t.table(), t.name());
    if (existing != null || dropped != null && dropped == checks.migrationId()) {
      report()
          .error(
              site,
              "name",
              Message.DUPLICATE_TRIGGER,
              t.table(),
              t.name(),
              existing != null
                  ? "created by migration " + existing.createdBy()
                  : "migration "
                      + dropped
                      + " drops it only at its contract, after this expand creates the new one;"
                      + " give the new trigger another name");
      ok = false;
    }
    ProcedureModel procedure = checks.model().procedure(t.procedure());
    String problem = null;
    if (procedure == null) {
      problem =
          "is not declared (@Procedure or @ExistingProcedure) by migration "
              + checks.migrationId()
              + " or an earlier one"
              + Suggestions.hint(
                  t.procedure(),
                  checks.model().procedures().stream().map(p -> p.decl().name()).toList());
    } else if (!procedure.decl().trigger()) {
      problem =
          "returns "
              + procedure.decl().returns().strip()
              + ": a trigger executes a function that returns trigger";
    }
    if (problem != null) {
      report()
          .error(site, "procedure", Message.TRIGGER_PROCEDURE, t.name(), t.procedure(), problem);
      ok = false;
    }
    return ok;
  }

  /** Events, UPDATE OF columns, FOR EACH and WHEN together, as PostgreSQL accepts them. */
  private boolean shape(CreateTriggerDecl t, TableModel table) {
    Site site = t.site();
    boolean row = t.forEach().equals("ROW");
    String problem = null;
    String attribute = "events";
    if (t.events().isEmpty()) {
      problem = "give at least one event";
    } else if (new HashSet<>(t.events()).size() != t.events().size()) {
      problem = "an event is given twice";
    } else if (row && t.events().contains("TRUNCATE")) {
      problem = "TRUNCATE fires only FOR EACH STATEMENT (forEach = STATEMENT)";
    } else if (!t.columns().isEmpty() && !t.events().contains("UPDATE")) {
      attribute = "columns";
      problem = "columns (UPDATE OF) need the UPDATE event";
    } else {
      attribute = "when";
      problem = whenProblem(t, row);
    }
    if (problem != null) {
      report().error(site, attribute, Message.INVALID_TRIGGER, t.name(), t.table(), problem);
      return false;
    }
    boolean ok = true;
    for (String column : t.columns()) {
      ok &= checks.present(site, "columns", table, column);
    }
    Matcher m = ROW_REFERENCE.matcher(ProcedureBodyReads.withoutLiteralsAndComments(t.when()));
    while (ok && m.find()) {
      String column = m.group(2).toLowerCase(Locale.ROOT);
      if (table.complete() || table.gone(column) != null) {
        ok = checks.present(site, "when", table, column);
      }
    }
    return ok;
  }

  private static String whenProblem(CreateTriggerDecl t, boolean row) {
    Set<String> rows = new HashSet<>();
    Matcher m = ROW_REFERENCE.matcher(ProcedureBodyReads.withoutLiteralsAndComments(t.when()));
    while (m.find()) {
      rows.add(m.group(1).toUpperCase(Locale.ROOT));
    }
    if (!row && !rows.isEmpty()) {
      return "a statement trigger's WHEN cannot read NEW or OLD";
    }
    if (rows.contains("OLD") && t.events().contains("INSERT")) {
      return "WHEN reads OLD, which an INSERT does not have";
    }
    if (rows.contains("NEW") && t.events().contains("DELETE")) {
      return "WHEN reads NEW, which a DELETE does not have";
    }
    return null;
  }

  /**
   * After the migration's operations were replayed: no trigger Straddle created depends on a column
   * the migration renames or drops (its {@code UPDATE OF} columns and the {@code NEW.x}/{@code
   * OLD.x} of its WHEN), unless the migration also drops the trigger. PostgreSQL refuses to drop a
   * column a trigger depends on, so the migration's contract would fail. Reported at the trigger's
   * attribute.
   */
  public void keepTheirColumns() {
    SchemaModel model = checks.model();
    for (TriggerModel trigger : model.triggers()) {
      CreateTriggerDecl t = trigger.decl();
      TableModel table = model.table(t.table());
      if (table == null) {
        continue;
      }
      String attribute = "columns";
      List<String> read = new java.util.ArrayList<>(t.columns());
      int fromWhen = read.size();
      Matcher m = ROW_REFERENCE.matcher(ProcedureBodyReads.withoutLiteralsAndComments(t.when()));
      while (m.find()) {
        read.add(m.group(2).toLowerCase(Locale.ROOT));
      }
      for (int i = 0; i < read.size(); i++) {
        dev.straddle.processor.model.GoneColumn gone = table.gone(read.get(i));
        if (gone == null || gone.migrationId() != checks.migrationId()) {
          continue;
        }
        report()
            .error(
                t.site(),
                i < fromWhen ? attribute : "when",
                Message.INVALID_TRIGGER,
                t.name(),
                t.table(),
                "it depends on column \""
                    + gone.name()
                    + "\", which is "
                    + gone.describe()
                    + ": PostgreSQL refuses to drop a column a trigger depends on, so that"
                    + " contract would fail; drop the trigger in migration "
                    + gone.migrationId()
                    + " (@DropTrigger) and create one on the new shape under another name");
        break;
      }
    }
  }

  /** {@code @DropTrigger}: a trigger Straddle created earlier, or one it does not know. */
  public boolean drop(DropTriggerDecl t) {
    Site site = t.site();
    boolean ok = checks.sql().table(site, "table", t.table());
    ok &= checks.sql().identifier(site, "name", "trigger", t.name());
    if (!ok || checks.known(site, t) == null) {
      return false;
    }
    // (A trigger the same migration creates is checked later, by @CreateTrigger: the name is
    // dropped only at contract, after its expand creates the trigger.)
    if (t.name().equals(SyncFunctionSql.TRIGGER_NAME)) {
      report()
          .error(
              site,
              "name",
              Message.INVALID_TRIGGER,
              t.name(),
              t.table(),
              "it is Straddle's sync trigger, which the runner manages");
      return false;
    }
    return true;
  }

  /**
   * {@code @DropProcedure}: a function Straddle does not version, not dropped before, and no
   * trigger the model knows calls it.
   */
  public boolean dropProcedure(DropProcedureDecl d) {
    Site site = d.site();
    Sql sql = checks.sql();
    boolean ok = sql.identifier(site, "name", "function", d.name());
    if (!d.schema().isEmpty()) {
      ok &= sql.identifier(site, "schema", "schema", d.schema());
    }
    String what = "@DropProcedure " + d.name() + "(" + d.arguments().strip() + ")";
    ok &= ProcedureChecks.argumentTypes(sql, report(), site, what, d.arguments());
    if (!ok) {
      return false;
    }
    SchemaModel model = checks.model();
    String signature = DropProcedures.signature(d);
    String problem = null;
    for (ProcedureModel p : model.procedures()) {
      if (!p.decl().schema().equals(d.schema())) {
        continue;
      }
      String name = p.decl().name();
      if (p.decl().existing()
          && DropProcedures.signature(p.decl().schema(), name, p.decl().arguments())
              .equals(signature)) {
        List<String> triggers =
            model.triggersCalling(name).stream().map(TriggerModel::name).toList();
        problem =
            "it is procedure \""
                + name
                + "\" version 0, adopted by migration "
                + p.migrationId()
                + (triggers.isEmpty() ? "" : " and called by trigger \"" + triggers.get(0) + "\"")
                + ": declare its version 1, whose contract drops it once no release calls it";
      } else if (d.name().startsWith(name + "_v")
          && d.name().substring(name.length() + 2).matches("[1-9][0-9]*")
          && Integer.parseInt(d.name().substring(name.length() + 2)) <= p.decl().version()) {
        problem =
            "it is a version of procedure \""
                + name
                + "\", which Straddle versions: the contract of the migration that declares the"
                + " next version drops it";
      }
    }
    Integer dropped = model.functionDroppedBy(signature);
    if (problem == null && dropped != null) {
      problem = "migration " + dropped + " already drops it at its contract";
    }
    if (problem != null) {
      report().error(site, "name", Message.PROCEDURE_DROP, what, problem);
      return false;
    }
    return true;
  }

  /** Signatures of functions, as the model compares them. */
  public static final class DropProcedures {

    private DropProcedures() {}

    public static String signature(DropProcedureDecl d) {
      return signature(d.schema(), d.name(), d.arguments());
    }

    static String signature(String schema, String name, String arguments) {
      return SchemaModel.functionSignature(
          schema,
          name,
          String.join(
              ",",
              dev.straddle.processor.model.ProcedureArguments.parse(arguments).list().stream()
                  .map(Sql::normalizeType)
                  .toList()));
    }
  }
}
