package dev.straddle.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * {@link WriterHead.Mode#TRANSACTION}: a connection that says its head at the start of every
 * transaction with {@link WriterHead#localSql(int)}, so the head lives exactly as long as the
 * transaction, on whatever server connection a pooler lends it.
 *
 * <ul>
 *   <li>With autocommit off, the first statement of each transaction is preceded by the {@code
 *       set_config} (one round trip more per transaction); {@code commit}, {@code rollback}, {@code
 *       setAutoCommit} and a statement that ends the transaction ({@code COMMIT}, {@code ROLLBACK},
 *       {@code END}, {@code ABORT}, {@code PREPARE TRANSACTION}) start a new one.
 *   <li>In autocommit mode, a statement that may write ({@code INSERT}, {@code UPDATE}, {@code
 *       DELETE}, {@code MERGE}, {@code SELECT}, {@code WITH}, {@code CALL}, {@code COPY}, {@code
 *       VALUES}, {@code DO}, {@code EXECUTE}, {@code EXPLAIN}, a JDBC call escape {@code {call
 *       ...}}: a {@code SELECT} can call a function that writes, {@code EXPLAIN ANALYZE} runs its
 *       statement) runs in a transaction of its own: {@code set_config}, the statement, {@code
 *       COMMIT} (two round trips more). Other statements ({@code VACUUM}, {@code CREATE INDEX
 *       CONCURRENTLY}, ...) run as they are.
 * </ul>
 *
 * <p>Statements are proxies of the driver's (or the pool's), created through this connection;
 * {@code unwrap} reaches the driver's objects, which say nothing.
 */
final class TransactionHead implements InvocationHandler {

  private static final Set<String> EXECUTES =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch");

  private static final Set<String> WRITING_VERBS =
      Set.of(
          "insert", "update", "delete", "merge", "select", "with", "call", "copy", "values", "do",
          "execute", "explain");

  /** Statements that end the transaction (the driver begins the next one by itself). */
  private static final Set<String> ENDING_VERBS =
      Set.of("commit", "rollback", "end", "abort", "prepare");

  private final Connection connection;
  private final String localSql;
  private boolean headSaid; // in the current transaction (autocommit off)

  private TransactionHead(Connection connection, int head) {
    this.connection = connection;
    this.localSql = WriterHead.localSql(head);
  }

  static Connection wrap(Connection connection, int head) {
    return (Connection)
        Proxy.newProxyInstance(
            TransactionHead.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new TransactionHead(connection, head));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "setAutoCommit", "commit" -> headSaid = false;
      case "rollback" -> {
        if (args == null || args.length == 0) {
          headSaid = false; // rollback(Savepoint) keeps the transaction and its setting
        }
      }
      case "unwrap" -> {
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
      }
      case "isWrapperFor" -> {
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return true;
        }
      }
      default -> {}
    }
    Object result = call(connection, method, args);
    if (result instanceof Statement statement
        && (method.getName().startsWith("create") || method.getName().startsWith("prepare"))) {
      String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
      return statementProxy(statement, sql, (Connection) proxy);
    }
    return result;
  }

  private Object statementProxy(Statement statement, String preparedSql, Connection owner) {
    Class<?> type =
        statement instanceof CallableStatement
            ? CallableStatement.class
            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return Proxy.newProxyInstance(
        TransactionHead.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          String name = method.getName();
          if (EXECUTES.contains(name)) {
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
            return execute(statement, method, args, sql != null ? sql : preparedSql);
          }
          if (name.equals("getConnection")) {
            return owner;
          }
          return call(statement, method, args);
        });
  }

  private Object execute(Statement statement, Method method, Object[] args, String sql)
      throws Throwable {
    if (!connection.getAutoCommit()) {
      sayHead();
      Object result = call(statement, method, args);
      if (sql != null && ENDING_VERBS.contains(verb(sql))) {
        headSaid = false; // COMMIT, ROLLBACK, END ... as SQL: the next statement starts another
      }
      return result;
    }
    if (sql != null && !mayWrite(sql)) {
      return call(statement, method, args);
    }
    connection.setAutoCommit(false);
    try {
      sayHead();
      Object result = call(statement, method, args);
      connection.commit();
      return result;
    } catch (Throwable e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      headSaid = false;
      connection.setAutoCommit(true);
    }
  }

  private void sayHead() throws SQLException {
    if (!headSaid) {
      try (Statement s = connection.createStatement()) {
        s.execute(localSql);
      }
      headSaid = true;
    }
  }

  /**
   * Whether {@code sql} starts with a verb that may write (comments and spaces skipped), or is a
   * JDBC escape ({@code {call ...}}, {@code {? = call ...}}), which the driver turns into a call.
   */
  static boolean mayWrite(String sql) {
    String verb = verb(sql);
    return verb.startsWith("{") || WRITING_VERBS.contains(verb);
  }

  /**
   * The first word of {@code sql} in lower case, comments, spaces and opening parentheses skipped;
   * {@code "{"} for a JDBC escape.
   */
  static String verb(String sql) {
    int at = 0;
    int length = sql.length();
    while (at < length) {
      char c = sql.charAt(at);
      if (Character.isWhitespace(c) || c == '(') {
        at++;
      } else if (sql.startsWith("--", at)) {
        int end = sql.indexOf('\n', at);
        at = end < 0 ? length : end + 1;
      } else if (sql.startsWith("/*", at)) {
        int end = sql.indexOf("*/", at);
        at = end < 0 ? length : end + 2;
      } else {
        break;
      }
    }
    if (at < length && sql.charAt(at) == '{') {
      return "{";
    }
    int end = at;
    while (end < length && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return sql.substring(at, end).toLowerCase(Locale.ROOT);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
