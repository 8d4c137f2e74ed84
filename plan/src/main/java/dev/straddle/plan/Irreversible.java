package dev.straddle.plan;

import dev.straddle.plan.sql.Identifiers;
import java.util.Optional;

/**
 * The mark of a migration whose expand cannot be undone (docs/ARCHITECTURE.md, "Rollback"): a
 * {@code @RawSql} with expand statements and no {@code rollback}. Its rollback is one statement
 * outside a transaction, first, that raises an error naming why; run anyway it changes nothing. A
 * runner refuses such a migration up front, before it undoes anything, by {@link #reason}.
 */
public final class Irreversible {

  /** How the raised message starts. */
  public static final String PREFIX = "Straddle: migration cannot be rolled back: ";

  private static final String OPEN = "DO $straddle$ BEGIN RAISE EXCEPTION '%', ";
  private static final String CLOSE = "; END $straddle$";

  private Irreversible() {}

  /** The statement that marks a rollback as impossible, for {@code reason}. */
  public static SqlStatement statement(String reason) {
    return SqlStatement.outsideTransaction(OPEN + Identifiers.literal(PREFIX + reason) + CLOSE);
  }

  /** Why {@code migration} cannot be rolled back, or empty when it can. */
  public static Optional<String> reason(PlannedMigration migration) {
    for (SqlStatement s : migration.rollback()) {
      String sql = s.sql();
      if (sql.startsWith(OPEN + "'" + PREFIX.replace("'", "''")) && sql.endsWith(CLOSE)) {
        String literal = sql.substring(OPEN.length() + 1, sql.length() - CLOSE.length() - 1);
        return Optional.of(literal.replace("''", "'").substring(PREFIX.length()));
      }
    }
    return Optional.empty();
  }
}
