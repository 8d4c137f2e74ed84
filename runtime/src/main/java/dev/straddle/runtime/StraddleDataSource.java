package dev.straddle.runtime;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * A DataSource whose connections say their head (see {@link WriterHead}), in {@link
 * WriterHead.Mode#SESSION} ({@link #wrap(DataSource, int)}: {@code SET straddle.head} once per
 * physical connection) or {@link WriterHead.Mode#TRANSACTION} ({@code set_config(..., true)} at the
 * start of every transaction, correct behind connection poolers). In session mode the setting is
 * sent once per physical connection: connections handed out by a pool are unwrapped to the driver's
 * connection, and one already set is not set again. Wrapping a non-pooled DataSource sets it on
 * every new connection.
 *
 * <p>Before the first connection is handed out, the wrapper runs {@link WriterCheck}: a setup in
 * which the sync triggers would not read the head right (a session setting behind a transaction
 * pooler, where it leaks to other clients) makes {@code getConnection} throw {@link
 * StraddleException} REFUSED, naming what to change; the next call checks again.
 *
 * <p>On pgjdbc connections whose {@code autosave} is the driver's default ({@code never}) the
 * wrapper sets {@code autosave=conservative}: an in-place type change ({@code @ChangeColumnType})
 * changes the result type of queries that read the column, and a server-prepared statement run
 * inside a transaction would then fail once ("cached plan must not change result type"); with
 * {@code conservative} pgjdbc re-prepares it and retries (docs/ARCHITECTURE.md, "Column type
 * changes"). {@link #withoutAutosave()} leaves the setting alone.
 */
public final class StraddleDataSource implements DataSource {

  private final DataSource delegate;
  private final int head;
  private final WriterHead.Mode mode;
  private final Map<Object, Boolean> done = Collections.synchronizedMap(new WeakHashMap<>());
  private final StartupGuard guard;
  private volatile boolean guarded;
  private volatile boolean writersChecked;
  private final boolean autosave;

  private StraddleDataSource(
      DataSource delegate, int head, WriterHead.Mode mode, StartupGuard guard, boolean autosave) {
    this.delegate = delegate;
    this.head = head;
    this.mode = mode;
    this.guard = guard;
    this.autosave = autosave;
  }

  /**
   * Wraps {@code dataSource} so its connections write as code with {@code head}, in the session
   * setting {@code straddle.head} (direct connections and session pooling only).
   */
  public static StraddleDataSource wrap(DataSource dataSource, int head) {
    return wrap(dataSource, head, WriterHead.Mode.SESSION);
  }

  /**
   * Wraps {@code dataSource} so its connections write as code with {@code head}, said the way
   * {@code mode} says. {@link WriterHead.Mode#TRANSACTION} is correct behind poolers.
   */
  public static StraddleDataSource wrap(DataSource dataSource, int head, WriterHead.Mode mode) {
    return new StraddleDataSource(dataSource, head, mode, null, true);
  }

  /**
   * A wrapper like this one that runs {@code guard} on the first connection it hands out (before
   * handing it out). The guard comes from the application's {@link Registration#startupGuard()}
   * (registered first), or {@link Straddle#unregisteredStartupGuard()}. In mode FAIL, a database
   * outside the window makes {@code getConnection} throw the guard's {@link StraddleException} (and
   * the next call checks again); once passed (or in mode WARN, once logged) it is not run again.
   */
  public StraddleDataSource withStartupGuard(StartupGuard guard) {
    if (guard.plan().head() != head) {
      throw new IllegalArgumentException(
          "the guard's plan has head " + guard.plan().head() + ", this wrapper says " + head);
    }
    return new StraddleDataSource(delegate, head, mode, guard, autosave);
  }

  /**
   * A wrapper like this one that leaves pgjdbc's {@code autosave} as the connections have it. Only
   * for applications that run no server-prepared statement inside a transaction on a column an
   * in-place type change widens, or that handle "cached plan must not change result type"
   * themselves: conservative autosave costs a {@code SAVEPOINT} (sent with the statement, no extra
   * round trip) before each statement of a transaction.
   */
  public StraddleDataSource withoutAutosave() {
    return new StraddleDataSource(delegate, head, mode, guard, false);
  }

  /** Whether the connections handed out get {@code autosave=conservative} (see the class doc). */
  public boolean setsAutosave() {
    return autosave;
  }

  public int head() {
    return head;
  }

  public WriterHead.Mode mode() {
    return mode;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkWriters();
    return prepare(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    checkWriters();
    return prepare(delegate.getConnection(username, password));
  }

  /**
   * Runs {@link WriterCheck} once, before borrowing the caller's connection: the check borrows two,
   * and a pool must not be emptied by threads that wait for it.
   */
  private void checkWriters() {
    if (!writersChecked) {
      synchronized (this) {
        if (!writersChecked) {
          // A session setting set behind a transaction pooler would leak before the check
          // could refuse it: look for shared sessions on plain connections first.
          if (mode == WriterHead.Mode.SESSION
              && WriterCheck.sessionsShared(delegate::getConnection)) {
            throw WriterCheck.refusal(head, List.of(WriterCheck.sharedSessionsProblem(head)));
          }
          WriterCheck.check(() -> sayHead(delegate.getConnection()), head);
          writersChecked = true;
        }
      }
    }
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
    return sayHead(connection);
  }

  /** Makes {@code connection} say the head, unless its physical connection already does. */
  private Connection sayHead(Connection connection) throws SQLException {
    try {
      if (autosave && connection.isWrapperFor(PGConnection.class)) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        if (pg.getAutosave() == AutoSave.NEVER) {
          pg.setAutosave(AutoSave.CONSERVATIVE);
        }
      }
      if (mode == WriterHead.Mode.TRANSACTION) {
        return TransactionHead.wrap(connection, head);
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
      }
      done.put(physical, Boolean.TRUE);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
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
