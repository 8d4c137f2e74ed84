package dev.straddle.plan;

/**
 * One SQL statement of a phase.
 *
 * @param sql the statement, without a trailing semicolon
 * @param transactional false for statements PostgreSQL refuses inside a transaction block (such as
 *     {@code CREATE INDEX CONCURRENTLY}) or that must not hold the phase's locks (a {@code VALIDATE
 *     CONSTRAINT}); the runner runs those on their own, in autocommit
 * @param afterTransaction for a statement outside the transaction: run after the phase's
 *     transaction commits instead of before it (a contract's validation of what its transaction
 *     re-created); the history records that it is still owed, so a rerun finishes it
 */
public record SqlStatement(String sql, boolean transactional, boolean afterTransaction) {

  public SqlStatement {
    if (transactional && afterTransaction) {
      throw new IllegalArgumentException("a statement after the transaction is outside it");
    }
  }

  public SqlStatement(String sql, boolean transactional) {
    this(sql, transactional, false);
  }

  public static SqlStatement inTransaction(String sql) {
    return new SqlStatement(sql, true, false);
  }

  /** Run on its own, before the phase's transaction. */
  public static SqlStatement outsideTransaction(String sql) {
    return new SqlStatement(sql, false, false);
  }

  /** Run on its own, after the phase's transaction committed (only at contract). */
  public static SqlStatement afterTransaction(String sql) {
    return new SqlStatement(sql, false, true);
  }
}
