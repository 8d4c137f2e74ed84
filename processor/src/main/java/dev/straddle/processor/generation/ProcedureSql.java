package dev.straddle.processor.generation;

import dev.straddle.plan.ProcedureVersion;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.reading.ProcedureDecl;
import java.util.Locale;

/**
 * {@code @Procedure}: expand creates {@code <name>_v<version>} ({@code CREATE FUNCTION}, never
 * {@code OR REPLACE}: an existing function of that name and signature is an error, not silently
 * replaced); contract drops the version it supersedes, which older code calls until then.
 */
final class ProcedureSql {

  /** Drops of superseded versions go first in contract, before columns they may read. */
  void contract(ProcedureModel p, MigrationPieces out) {
    if (p.previous() != null) {
      out.contract(SqlStatement.inTransaction(drop(p.previous().decl())));
    }
  }

  /** Creations go last in expand, after the columns they may read. */
  void expand(ProcedureModel p, MigrationPieces out) {
    out.expand(SqlStatement.inTransaction(create(p.decl())));
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

  private static String name(ProcedureDecl p) {
    String object = Identifiers.quote(p.name() + "_v" + p.version());
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
