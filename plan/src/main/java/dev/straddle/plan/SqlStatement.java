package dev.straddle.plan;

/**
 * One SQL statement of a phase.
 *
 * @param sql the statement, without a trailing semicolon
 * @param transactional false for statements PostgreSQL refuses inside a transaction block (such as
 *     {@code CREATE INDEX CONCURRENTLY}); the runner runs those on their own, in autocommit
 */
public record SqlStatement(String sql, boolean transactional) {

  public static SqlStatement inTransaction(String sql) {
    return new SqlStatement(sql, true);
  }

  public static SqlStatement outsideTransaction(String sql) {
    return new SqlStatement(sql, false);
  }
}
