package dev.straddle.runtime;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A DataSource whose connections say {@code straddle.head = <head>} (see {@link WriterHead}). The
 * setting is sent once per physical connection: connections handed out by a pool are unwrapped to
 * the driver's connection, and one already set is not set again. Wrapping a non-pooled DataSource
 * sets it on every new connection.
 */
public final class StraddleDataSource implements DataSource {

  private final DataSource delegate;
  private final int head;
  private final Map<Object, Boolean> done = Collections.synchronizedMap(new WeakHashMap<>());
  private final StartupGuard guard;
  private volatile boolean guarded;

  private StraddleDataSource(DataSource delegate, int head, StartupGuard guard) {
    this.delegate = delegate;
    this.head = head;
    this.guard = guard;
  }

  /** Wraps {@code dataSource} so its connections write as code with {@code head}. */
  public static StraddleDataSource wrap(DataSource dataSource, int head) {
    return new StraddleDataSource(dataSource, head, null);
  }

  /**
   * A wrapper like this one that runs {@code guard} on the first connection it hands out (before
   * handing it out). In mode FAIL, a database outside the window makes {@code getConnection} throw
   * the guard's {@link StraddleException} (and the next call checks again); once passed (or in mode
   * WARN, once logged) it is not run again.
   */
  public StraddleDataSource withStartupGuard(StartupGuard guard) {
    if (guard.plan().head() != head) {
      throw new IllegalArgumentException(
          "the guard's plan has head " + guard.plan().head() + ", this wrapper says " + head);
    }
    return new StraddleDataSource(delegate, head, guard);
  }

  public int head() {
    return head;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return prepare(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return prepare(delegate.getConnection(username, password));
  }

  private Connection prepare(Connection connection) throws SQLException {
    if (guard != null && !guarded) {
      synchronized (this) {
        if (!guarded) {
          try {
            guard.check(connection);
            if (!connection.getAutoCommit()) {
              connection.rollback(); // the guard only read: leave no transaction open
            }
          } catch (RuntimeException e) {
            connection.close();
            throw e;
          }
          guarded = true;
        }
      }
    }
    Object physical =
        connection.isWrapperFor(PGConnection.class)
            ? connection.unwrap(PGConnection.class)
            : connection;
    if (done.containsKey(physical)) {
      return connection;
    }
    try (Statement statement = connection.createStatement()) {
      // Session level (not SET LOCAL): survives transactions, so once per physical connection.
      statement.execute(WriterHead.initSql(head));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    done.put(physical, Boolean.TRUE);
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }
}
