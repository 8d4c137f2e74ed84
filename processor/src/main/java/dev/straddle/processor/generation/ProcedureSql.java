package dev.straddle.processor.generation;

import dev.straddle.plan.ProcedureVersion;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.model.TriggerModel;
import dev.straddle.processor.reading.ProcedureDecl;
import java.util.Locale;

/**
 * {@code @Procedure}: expand creates {@code <name>_v<version>} ({@code CREATE FUNCTION}, never
 * {@code OR REPLACE}: an existing function of that name and signature is an error, not silently
 * replaced) and moves the triggers that call the procedure to it; contract drops the version it
 * supersedes, which older code calls until then. {@code @ExistingProcedure} (version 0) creates
 * nothing: the runner checks that the function exists.
 */
final class ProcedureSql {

  /**
   * Drops of superseded versions go first in contract, before columns they may read (after the
   * triggers the migration drops, which may call them); an adopted function goes last, after
   * everything else the migration drops (a trigger Straddle does not know may call it).
   */
  void contract(ProcedureModel p, MigrationPieces out) {
    if (p.previous() == null) {
      return;
    }
    SqlStatement drop = SqlStatement.inTransaction(drop(p.previous().decl()));
    if (p.previous().decl().existing()) {
      out.contractLast(drop);
    } else {
      out.contract(drop);
    }
  }

  /**
   * Creations go last in expand, after the columns they may read; then the triggers that call the
   * procedure are moved to the new version (drop and create in the expand transaction: no row is
   * written without one of the two versions).
   */
  void expand(ProcedureModel p, MigrationPieces out) {
    ProcedureDecl d = p.decl();
    if (d.existing()) {
      out.expect(
          SchemaExpectation.functionExists(
              d.schema(), d.name(), ProcedureArguments.parse(d.arguments()).identity()));
      return;
    }
    out.expand(SqlStatement.inTransaction(create(d)));
    // The inverse: the version goes, after the triggers that call it are moved back to the one
    // before (first in the rollback's transaction: old code's writes fire one or the other).
    out.undo(SqlStatement.inTransaction(drop(d)));
    for (TriggerModel trigger : p.triggers()) {
      out.undoFirst(
          SqlStatement.inTransaction(
              "DROP TRIGGER IF EXISTS "
                  + Identifiers.quote(trigger.name())
                  + " ON "
                  + trigger.table().sql()));
      out.undoFirst(
          SqlStatement.inTransaction(
              CreateTriggerSql.create(trigger.table(), trigger.decl(), name(p.previous().decl()))));
    }
    for (TriggerModel trigger : p.triggers()) {
      out.expect(SchemaExpectation.triggerExists(trigger.table().toString(), trigger.name()));
      out.expandLast(
          SqlStatement.inTransaction(
              "DROP TRIGGER "
                  + Identifiers.quote(trigger.name())
                  + " ON "
                  + trigger.table().sql()));
      out.expandLast(
          SqlStatement.inTransaction(
              CreateTriggerSql.create(trigger.table(), trigger.decl(), name(d))));
    }
  }

  static String create(ProcedureDecl p) {
    StringBuilder sql =
        new StringBuilder("CREATE FUNCTION ")
            .append(name(p))
            .append('(')
            .append(p.arguments().strip())
            .append(") RETURNS ")
            .append(p.returns().strip())
            .append("\nLANGUAGE ")
            .append(p.language().toLowerCase(Locale.ROOT))
            .append(' ')
            .append(p.volatility())
            .append(p.strict() ? " STRICT" : "")
            .append(" SECURITY ")
            .append(p.security());
    for (String set : p.set()) {
      sql.append("\nSET ").append(set.strip());
    }
    String body = p.body().endsWith("\n") ? p.body() : p.body() + "\n";
    return sql.append("\nAS ")
        .append(SqlExpression.BODY_TAG)
        .append('\n')
        .append(body)
        .append(SqlExpression.BODY_TAG)
        .toString();
  }

  static String drop(ProcedureDecl p) {
    return "DROP FUNCTION IF EXISTS "
        + name(p)
        + "("
        + ProcedureArguments.parse(p.arguments()).identity()
        + ")";
  }

  /** The function's name in SQL: quoted, schema-qualified when it has a schema. */
  static String name(ProcedureDecl p) {
    String object = Identifiers.quote(ProcedureModel.objectName(p.name(), p.version()));
    return p.schema().isEmpty() ? object : Identifiers.quote(p.schema()) + "." + object;
  }

  static ProcedureVersion version(ProcedureModel p) {
    ProcedureDecl d = p.decl();
    return new ProcedureVersion(
        d.name(),
        d.version(),
        d.schema(),
        p.migrationId(),
        ProcedureArguments.parse(d.arguments()).identity(),
        Checksums.of(d.canonical()));
  }
}
