package dev.straddle.runtime;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Checks, before an application writes, that its connections say its head in a way the sync
 * triggers will read right, whatever sits between the application and PostgreSQL (docs/RUNTIME.md,
 * "Behind a connection pooler"). Read-only; opens two connections and closes them.
 *
 * <ol>
 *   <li>A statement on a connection must see {@code straddle.head} = the build's head, outside and
 *       inside an explicit transaction: a URL's {@code options} that a pooler stripped (PgBouncer's
 *       {@code ignore_startup_parameters}), a forgotten init SQL or another head is refused. A
 *       transaction of two statements that a statement pooler refuses is refused too.
 *   <li>Two connections held at once must not share a server session: when they do (transaction or
 *       statement pooling), a session setting set by one is read by the other. The check sets a
 *       probe setting on the first and reads it, and the backend's pid, on the second. Then {@code
 *       straddle.head} must not be a session setting (it would leak to other clients): refused,
 *       naming {@link WriterHead.Mode#TRANSACTION} as the fix.
 * </ol>
 *
 * <p>{@link StraddleDataSource} runs it on its first connection; an application that says the head
 * in its pool's configuration runs it itself, next to the startup guard:
 *
 * <pre>{@code
 * WriterCheck.check(hikari, StraddlePlan.HEAD);
 * }</pre>
 */
public final class WriterCheck {

  /** Opens one application connection. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  /**
   * What the check found.
   *
   * @param sharedSessions whether two connections held at once shared a server session
   * @param problems one line per problem, each naming what to change; empty when all is well
   */
  public record Result(boolean sharedSessions, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final String PROBE = "straddle.writer_check";
  private static final String HEAD = "SELECT current_setting('" + WriterHead.SETTING + "', true)";

  private WriterCheck() {}

  /**
   * Checks {@code dataSource}'s connections; throws {@link StraddleException} REFUSED on a problem.
   */
  public static Result check(DataSource dataSource, int head) {
    return check(dataSource::getConnection, head);
  }

  /** Like {@link #check(DataSource, int)}, with connections from {@code connections}. */
  public static Result check(Connections connections, int head) {
    Result result = inspect(connections, head);
    if (!result.ok()) {
      throw refusal(head, result.problems());
    }
    return result;
  }

  /** Checks without throwing a refusal. Failures to connect are thrown as FAILED. */
  public static Result inspect(Connections connections, int head) {
    List<String> problems = new ArrayList<>();
    try (Connection first = connections.open()) {
      String seen;
      try {
        seen = query(first, HEAD, 1);
        endTransaction(first);
      } catch (SQLException e) {
        return new Result(false, List.of(transactionRefused(e)));
      }
      headProblem(seen, head, "").ifPresent(problems::add);
      if (problems.isEmpty()) {
        Optional<String> failed = inTransaction(first, head);
        if (failed.isPresent()) {
          return new Result(false, List.of(failed.get())); // a statement pooler closed it
        }
      }
      boolean shared = false;
      try (Connection second = openSecond(connections, first, problems)) {
        if (second != null) {
          shared = sharesSession(driver(first), driver(second));
        }
      }
      if (shared) {
        String sessionLevel = query(driver(first), HEAD, 1);
        endTransaction(first);
        if (sessionLevel != null && !sessionLevel.isEmpty()) {
          problems.add(
              "two connections held at once share a server session (a transaction or statement"
                  + " pooler is in between) and it carries the session setting straddle.head = '"
                  + sessionLevel
                  + "': a client of this pooler sets it (JDBC options, init SQL, SET), and it"
                  + " leaks to clients that say nothing, which the sync triggers then take for"
                  + " that head. Every client of the pooler must say its head with"
                  + " StraddleDataSource.wrap(dataSource, head, WriterHead.Mode.TRANSACTION), or"
                  + " nothing");
        }
      }
      return new Result(shared, problems);
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e,
          ErrorCode.DATABASE_ERROR,
          "cannot check how connections say their head",
          e.getMessage());
    }
  }

  private static Optional<String> headProblem(String seen, int head, String where) {
    if (seen == null || seen.isEmpty()) {
      return Optional.of(
          "a statement"
              + where
              + " sees no straddle.head, so the sync triggers take it for head 0, the oldest"
              + " code. If the JDBC URL has options=-c straddle.head=..., a pooler in between"
              + " stripped it (PgBouncer's ignore_startup_parameters) or the init SQL was not run:"
              + " wrap the DataSource, StraddleDataSource.wrap(dataSource, "
              + head
              + ", WriterHead.Mode.TRANSACTION)");
    }
    if (!seen.strip().equals(String.valueOf(head))) {
      return Optional.of(
          "a statement"
              + where
              + " sees straddle.head = '"
              + seen
              + "', the build's head is "
              + head
              + " (a session setting leaked from another client of a pooler, or a wrong"
              + " constant): say "
              + head);
    }
    return Optional.empty();
  }

  /** Two statements in one transaction: both see the head; a statement pooler refuses them. */
  private static Optional<String> inTransaction(Connection c, int head) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      c.setAutoCommit(false);
      String seen = query(c, HEAD, 1);
      query(c, "SELECT pg_backend_pid()", 1);
      c.commit();
      return headProblem(seen, head, " in a transaction");
    } catch (SQLException e) {
      return Optional.of(transactionRefused(e));
    } finally {
      try {
        c.setAutoCommit(autoCommit);
      } catch (SQLException ignored) {
        // the connection is closed by the caller
      }
    }
  }

  private static String transactionRefused(SQLException e) {
    return "a transaction of two statements failed ("
        + e.getMessage()
        + "): behind PgBouncer with pool_mode = statement a transaction cannot say its head (and"
        + " a session setting leaks); use pool_mode = transaction";
  }

  /** The driver's own connection behind a pool's or this library's proxy. */
  private static Connection driver(Connection c) throws SQLException {
    return c.isWrapperFor(PGConnection.class) ? (Connection) c.unwrap(PGConnection.class) : c;
  }

  /**
   * Whether two connections of {@code connections} held at once share a server session (a
   * transaction or statement pooler in between). {@link StraddleDataSource} asks before it sets a
   * session setting, which would leak.
   */
  public static boolean sessionsShared(Connections connections) {
    List<String> problems = new ArrayList<>();
    try (Connection first = connections.open();
        Connection second = openSecond(connections, first, problems)) {
      return second != null && sharesSession(first, second);
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e,
          ErrorCode.DATABASE_ERROR,
          "cannot check whether connections share server sessions",
          e.getMessage());
    }
  }

  /** Why the session setting cannot say a head on connections that share server sessions. */
  static String sharedSessionsProblem(int head) {
    return "two connections held at once share a server session (a transaction or statement"
        + " pooler such as PgBouncer with pool_mode = transaction is in between): a session"
        + " setting straddle.head leaks to other clients. Say the head per transaction"
        + " instead: StraddleDataSource.wrap(dataSource, "
        + head
        + ", WriterHead.Mode.TRANSACTION), and drop the options=-c straddle.head / SET"
        + " straddle.head setup";
  }

  /** Refuses with {@code problems}. */
  static StraddleException refusal(int head, List<String> problems) {
    return StraddleException.of(ErrorCode.WRITER_HEAD, head, ErrorCode.list(problems));
  }

  private static Connection openSecond(
      Connections connections, Connection first, List<String> problems) throws SQLException {
    Connection second;
    try {
      second = connections.open();
    } catch (SQLException e) {
      problems.add(
          "could not open a second connection to check that the head does not leak between"
              + " clients ("
              + e.getMessage()
              + "): allow the pool at least two connections");
      return null;
    }
    if (physical(second) == physical(first)) {
      second.close(); // a pool of one hands out the same session: nothing to share it with
      return null;
    }
    return second;
  }

  private static Object physical(Connection connection) throws SQLException {
    return connection.isWrapperFor(PGConnection.class)
        ? connection.unwrap(PGConnection.class)
        : connection;
  }

  /**
   * Sets a probe on {@code first}'s session, then reads it and the backend's pid on {@code second}:
   * on distinct sessions it is unset and the pids differ. Transaction poolers hand a released
   * server connection to the next client (PgBouncer: the most recently used first).
   */
  private static boolean sharesSession(Connection first, Connection second) throws SQLException {
    String token = UUID.randomUUID().toString();
    int firstPid =
        Integer.parseInt(
            query(
                first,
                "SELECT set_config('" + PROBE + "', '" + token + "', false), pg_backend_pid()",
                2));
    endTransaction(first);
    String seen = query(second, "SELECT current_setting('" + PROBE + "', true)", 1);
    int secondPid = Integer.parseInt(query(second, "SELECT pg_backend_pid()", 1));
    endTransaction(second);
    String ownSeen = query(first, "SELECT current_setting('" + PROBE + "', true)", 1);
    query(first, "SELECT set_config('" + PROBE + "', '', false)", 1);
    endTransaction(first);
    return token.equals(seen) || firstPid == secondPid || !token.equals(ownSeen);
  }

  private static String query(Connection c, String sql, int column) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(column);
    }
  }

  /**
   * Ends the implicit transaction of a connection that is not in autocommit, keeping the session
   * settings it made (the check writes nothing else).
   */
  private static void endTransaction(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }
}
