package dev.straddle.runtime;

/**
 * How application connections say which migrations their code knows: the setting {@code
 * straddle.head} (docs/ARCHITECTURE.md, "Concepts"). A connection without it is treated as head 0,
 * the oldest code. It is said in one of two modes ({@link Mode}):
 *
 * <p>{@link Mode#TRANSACTION}, correct behind connection poolers (PgBouncer in transaction or
 * session pooling) and on direct connections: {@link StraddleDataSource#wrap(javax.sql.DataSource,
 * int, Mode)} starts every transaction with {@link #localSql(int)} ({@code SET LOCAL}), which no
 * other client can see and which ends with the transaction.
 *
 * <p>{@link Mode#SESSION}, for direct connections and session pooling only (behind transaction
 * pooling a session setting leaks to other clients; {@link WriterCheck} refuses that): once per
 * physical connection, in one of three ways:
 *
 * <ul>
 *   <li>in the JDBC URL: {@link #jdbcUrl(String, int)} appends {@code options=-c
 *       straddle.head=<head>} (PostgreSQL accepts custom settings at connection start);
 *   <li>as a pool's connection-init SQL: {@link #initSql(int)} ({@code SET straddle.head = '7'});
 *   <li>by wrapping the application's DataSource: {@link StraddleDataSource#wrap}.
 * </ul>
 */
public final class WriterHead {

  /** The session setting the sync triggers read. */
  public static final String SETTING = "straddle.head";

  /** Where a connection says its head. */
  public enum Mode {
    /**
     * At the start of every transaction ({@code SET LOCAL}; autocommit statements are run in a
     * transaction of their own): correct on direct connections and behind session or transaction
     * pooling. Costs one statement per transaction (BENCHMARKS.md).
     */
    TRANSACTION,
    /**
     * Once per physical connection (session setting): correct on direct connections and behind
     * session pooling only.
     */
    SESSION
  }

  private WriterHead() {}

  /**
   * {@code SELECT set_config('straddle.head', '<head>', true)}: says the head for the current
   * transaction only (like {@code SET LOCAL}), as the first statement of each transaction.
   */
  public static String localSql(int head) {
    return "SELECT set_config('" + SETTING + "', '" + head + "', true)";
  }

  /** {@code SET straddle.head = '<head>'}: a pool's connection-init SQL. */
  public static String initSql(int head) {
    return "SET " + SETTING + " = '" + head + "'";
  }

  /**
   * {@code url} with {@code -c straddle.head=<head>} added to its {@code options} parameter
   * (created when absent). Values are URL-encoded, as the PostgreSQL driver expects.
   */
  public static String jdbcUrl(String url, int head) {
    String option = "-c%20" + SETTING + "%3D" + head;
    int query = url.indexOf('?');
    if (query < 0) {
      return url + "?options=" + option;
    }
    int start = findParameter(url, query + 1, "options=");
    if (start < 0) {
      return url + (url.endsWith("?") || url.endsWith("&") ? "" : "&") + "options=" + option;
    }
    int end = url.indexOf('&', start);
    if (end < 0) {
      end = url.length();
    }
    return url.substring(0, end) + "%20" + option + url.substring(end);
  }

  private static int findParameter(String url, int from, String prefix) {
    int at = from;
    while (at < url.length()) {
      if (url.startsWith(prefix, at)) {
        return at;
      }
      int next = url.indexOf('&', at);
      if (next < 0) {
        return -1;
      }
      at = next + 1;
    }
    return -1;
  }
}
