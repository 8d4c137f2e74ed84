package dev.straddle.processor.validation;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.MigrationDecl;
import dev.straddle.processor.reading.ProcedureDecl;
import dev.straddle.processor.reading.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the procedure versions of the migrations, visited in ascending id order: names, raw SQL,
 * the version sequence of each name (1, then previous + 1, each in a later migration), and (best
 * effort, {@link ProcedureBodyReads}) the tables and columns the body reads against the schema
 * model as the declaring migration leaves it.
 */
final class ProcedureChecks {

  private final ValidationReport report;
  private final Sql sql;
  private final SchemaModel model;
  private final ProcedureBodyReads bodyReads;

  /** Names with an invalid version and no valid one since: later versions are not checked. */
  private final Set<String> broken = new java.util.HashSet<>();

  /** The object name of every superseded version, with the version whose contract drops it. */
  private final Map<String, ProcedureModel> droppedBy = new LinkedHashMap<>();

  /** Every declared version ("name#version") with the migration that declared it first. */
  private final Map<String, MigrationDecl> declared = new HashMap<>();

  ProcedureChecks(ValidationReport report, SchemaModel model) {
    this.report = report;
    this.sql = new Sql(report);
    this.model = model;
    this.bodyReads = new ProcedureBodyReads(report, model);
  }

  /**
   * The valid procedure versions of {@code migration}; call after its operations were replayed into
   * the model, so the body is checked against the shape the version lives on with.
   */
  List<ProcedureModel> check(MigrationDecl migration) {
    List<ProcedureModel> out = new ArrayList<>();
    Map<String, ProcedureModel> here = new LinkedHashMap<>();
    // Adopted functions first: a version 1 beside one replaces it.
    List<ProcedureDecl> ordered = new ArrayList<>();
    migration.procedures().stream().filter(ProcedureDecl::existing).forEach(ordered::add);
    migration.procedures().stream().filter(p -> !p.existing()).forEach(ordered::add);
    for (ProcedureDecl p : ordered) {
      if (p.existing()) {
        ProcedureModel adopted = adopt(p, migration);
        if (adopted == null) {
          broken.add(p.name());
        } else {
          here.put(p.name(), adopted);
          out.add(adopted);
        }
        continue;
      }
      if (!wellFormed(p)) {
        broken.add(p.name());
        continue;
      }
      MigrationDecl first = declared.putIfAbsent(p.name() + "#" + p.version(), migration);
      if (first != null) {
        report.error(
            p.site(),
            "version",
            Message.DUPLICATE_PROCEDURE_VERSION,
            p.name(),
            p.version(),
            first.id(),
            first.type().getQualifiedName());
        continue;
      }
      ProcedureModel sameMigration = here.get(p.name());
      if (sameMigration != null && !sameMigration.decl().existing()) {
        report.error(
            p.site(),
            "version",
            Message.PROCEDURE_VERSION_SEQUENCE,
            p.name(),
            p.version(),
            "migration "
                + migration.id()
                + " already declares version "
                + sameMigration.decl().version()
                + "; each new version needs a later migration (whose contract drops the previous"
                + " one)");
        continue;
      }
      ProcedureModel previous = sameMigration != null ? sameMigration : model.procedure(p.name());
      int expected = previous == null ? 1 : previous.decl().version() + 1;
      if (broken.contains(p.name())) {
        continue; // an earlier version was invalid: its error is enough
      }
      if (p.version() != expected) {
        broken.add(p.name());
        report.error(
            p.site(),
            "version",
            Message.PROCEDURE_VERSION_SEQUENCE,
            p.name(),
            p.version(),
            previous == null
                ? "the first version of a procedure is 1"
                : "the latest version before migration "
                    + migration.id()
                    + " is "
                    + previous.decl().version()
                    + " (migration "
                    + previous.migrationId()
                    + "), so the next one is "
                    + expected);
        continue;
      }
      if (!bodyReads.check(p, migration.id(), 0) || !triggerFunction(p, previous)) {
        broken.add(p.name());
        continue;
      }
      // The triggers that call the procedure move to this version at its expand.
      ProcedureModel valid =
          new ProcedureModel(
              p,
              migration.id(),
              previous,
              previous == null ? List.of() : model.triggersCalling(p.name()));
      here.put(p.name(), valid);
      out.add(valid);
    }
    // A version declared earlier that this migration does not supersede is still called after its
    // contract: it must not read a column this migration renames or drops.
    Set<String> declaredHere = new java.util.HashSet<>();
    migration.procedures().forEach(p -> declaredHere.add(p.name()));
    for (ProcedureModel live : model.procedures()) {
      String name = live.decl().name();
      if (!declaredHere.contains(name) && !broken.contains(name)) {
        bodyReads.check(live.decl(), migration.id(), migration.id());
      }
    }
    for (ProcedureModel valid : here.values()) {
      if (valid.previous() != null) {
        droppedBy.put(valid.previous().objectName(), valid);
      }
    }
    // Every version that is the head after this migration must not call a version whose contract
    // this migration (or an earlier one) runs: the call fails once that version is dropped.
    for (ProcedureModel version : here.values()) {
      callsNoDroppedVersion(version, migration.id(), false);
    }
    for (ProcedureModel live : model.procedures()) {
      String name = live.decl().name();
      if (!declaredHere.contains(name) && !broken.contains(name)) {
        callsNoDroppedVersion(live, migration.id(), true);
      }
    }
    here.values().forEach(model::putProcedure);
    return out;
  }

  /**
   * {@code @ExistingProcedure}: version 0 of a name nothing declared before, a signature of
   * argument types only, not dropped by an earlier {@code @DropProcedure}; null (reported) when
   * not.
   */
  private ProcedureModel adopt(ProcedureDecl p, MigrationDecl migration) {
    Site site = p.site();
    boolean ok = sql.identifier(site, "name", "procedure name", p.name());
    if (!p.schema().isEmpty()) {
      ok &= sql.identifier(site, "schema", "schema", p.schema());
    }
    ok &= argumentTypes(sql, report, site, "@ExistingProcedure " + p.name(), p.arguments());
    ok &= sql.expression(site, "returns", "returns", p.returns(), true);
    if (!ok) {
      return null;
    }
    ProcedureModel earlier = model.procedure(p.name());
    MigrationDecl first = declared.putIfAbsent(p.name() + "#0", migration);
    if (earlier != null || first != null) {
      report.error(
          site,
          "name",
          Message.PROCEDURE_VERSION_SEQUENCE,
          p.name(),
          0,
          earlier == null
              ? "migration " + first.id() + " already adopts it"
              : "migration "
                  + earlier.migrationId()
                  + " already declares version "
                  + earlier.decl().version()
                  + "; @ExistingProcedure adopts a function before the first version of its"
                  + " name");
      return null;
    }
    String signature = TriggerChecks.DropProcedures.signature(p.schema(), p.name(), p.arguments());
    Integer dropped = model.functionDroppedBy(signature);
    if (dropped != null) {
      report.error(
          site,
          "name",
          Message.PROCEDURE_DROP,
          "@ExistingProcedure " + p.name() + "(" + p.arguments().strip() + ")",
          "migration " + dropped + " drops it at its contract (@DropProcedure)");
      return null;
    }
    return new ProcedureModel(p, migration.id(), null);
  }

  /**
   * A trigger function ({@code RETURNS trigger}) declares no arguments (PostgreSQL passes a
   * trigger's arguments in {@code TG_ARGV}); a version of a procedure that triggers call still
   * returns {@code trigger}.
   */
  private boolean triggerFunction(ProcedureDecl p, ProcedureModel previous) {
    String problem = null;
    String attribute = "arguments";
    if (p.trigger() && !p.arguments().isBlank()) {
      problem =
          "returns trigger and declares arguments: a trigger function takes none (a trigger's"
              + " arguments reach it in TG_ARGV)";
    } else if (!p.trigger() && previous != null && !model.triggersCalling(p.name()).isEmpty()) {
      attribute = "returns";
      problem =
          "returns "
              + p.returns().strip()
              + ", but trigger \""
              + model.triggersCalling(p.name()).get(0).name()
              + "\" calls the procedure and moves to this version: a trigger function returns"
              + " trigger";
    }
    if (problem != null) {
      report.error(p.site(), attribute, Message.TRIGGER_FUNCTION, p.name(), p.version(), problem);
    }
    return problem == null;
  }

  /**
   * Argument types only, as {@code DROP FUNCTION} and {@code regprocedure} identify a function:
   * each argument a type name (no name, mode or default); true when so.
   */
  static boolean argumentTypes(
      Sql sql, ValidationReport report, Site site, String what, String arguments) {
    if (!sql.expression(site, "arguments", "arguments", arguments, false)) {
      return false;
    }
    ProcedureArguments parsed = ProcedureArguments.parse(arguments);
    for (String argument : parsed.list()) {
      String problem = TypeSyntax.problem(argument);
      if (problem != null) {
        report.error(
            site,
            "arguments",
            Message.FUNCTION_ARGUMENT_TYPES,
            what,
            "\"" + argument + "\" is not a type (" + problem + ")");
        return false;
      }
    }
    return true;
  }

  /**
   * Reports a call in {@code version}'s body to a version a contract drops: for a version declared
   * by {@code migrationId}, any dropped so far; for an earlier one still the head ({@code
   * stillCalled}), the ones this migration's contract drops (the fix: a new version here).
   */
  private void callsNoDroppedVersion(ProcedureModel version, int migrationId, boolean stillCalled) {
    String body = ProcedureBodyReads.withoutLiteralsAndComments(version.decl().body());
    for (Map.Entry<String, ProcedureModel> dropped : droppedBy.entrySet()) {
      ProcedureModel successor = dropped.getValue();
      if (stillCalled && successor.migrationId() != migrationId) {
        continue; // reported when the earlier migration was checked
      }
      Matcher call =
          Pattern.compile(
                  "(?i)(?<![a-z0-9_$\"])\"?" + Pattern.quote(dropped.getKey()) + "\"?\\s*\\(")
              .matcher(body);
      if (!call.find()) {
        continue;
      }
      ProcedureDecl p = version.decl();
      report.error(
          p.site(),
          "body",
          Message.PROCEDURE_CALLS_DROPPED_VERSION,
          p.name(),
          p.version(),
          dropped.getKey(),
          successor.migrationId(),
          successor.decl().name(),
          successor.decl().version(),
          successor.decl().name().equals(p.name())
              ? "a version cannot call the one it replaces"
              : stillCalled
                  ? "declare version "
                      + (p.version() + 1)
                      + " of \""
                      + p.name()
                      + "\" in migration "
                      + migrationId
                      + " (its contract drops this one), calling "
                      + successor.objectName()
                      + " or what replaces it"
                  : "call " + successor.objectName() + " instead");
    }
  }

  private boolean wellFormed(ProcedureDecl p) {
    Site site = p.site();
    boolean ok = sql.identifier(site, "name", "procedure name", p.name());
    if (ok) {
      ok = sql.identifier(site, "name", "procedure", ProcedureModel.objectName(p.name(), 1));
    }
    if (p.version() < 1) {
      report.error(
          site,
          "version",
          Message.PROCEDURE_VERSION_SEQUENCE,
          p.name(),
          p.version(),
          "versions start at 1 (@ExistingProcedure adopts an existing function as version 0)");
      ok = false;
    } else if (ok) {
      ok =
          sql.identifier(
              site, "name", "procedure", ProcedureModel.objectName(p.name(), p.version()));
    }
    if (!p.schema().isEmpty()) {
      ok &= sql.identifier(site, "schema", "schema", p.schema());
    }
    ok &= sql.expression(site, "arguments", "arguments", p.arguments(), false);
    ok &= sql.expression(site, "returns", "returns", p.returns(), true);
    for (String set : p.set()) {
      ok &= sql.expression(site, "set", "set", set, true);
    }
    String bodyProblem =
        p.body().isBlank()
            ? "it is empty"
            : p.body().contains(SqlExpression.BODY_TAG)
                ? "it contains "
                    + SqlExpression.BODY_TAG
                    + ", the quote Straddle puts around function bodies"
                : null;
    if (bodyProblem != null) {
      report.error(site, "body", Message.UNSAFE_SQL, "body", bodyProblem);
      ok = false;
    }
    return ok;
  }
}
