package dev.straddle.runtime.internal;

import dev.straddle.plan.PhaseStatements;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQL under a short {@code lock_timeout}, retrying with exponential backoff and jitter when a
 * lock is not granted in time (SQLSTATE 55P03, or a deadlock, 40P01), so the runner never sits in a
 * lock queue holding the application's traffic behind it; the pause between attempts is never
 * shorter than the lock timeout ({@link Backoff}). The total wait is bounded by the retry budget;
 * then, or on any other error, it fails naming the migration, phase and statement. A lost
 * connection is a lost run lock ({@link RunLock#lost}) and fails saying so.
 */
public final class PhaseExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(PhaseExecutor.class);

  /**
   * Longest stretch the connection is left idle while the runner pauses (retry backoff, batch
   * pause): it then runs {@code SELECT 1}, so neither {@code idle_session_timeout} nor a proxy's or
   * NAT's idle timeout ends the session, and the run lock with it, during a pause.
   */
  static final long KEEPALIVE_MILLIS = 1_000;

  /** Work done inside one transaction; {@link Tx#execute} records the statement being run. */
  @FunctionalInterface
  public interface TxWork<T> {
    T run(Tx tx) throws SQLException;
  }

  /** The transaction handed to {@link TxWork}. */
  public static final class Tx {
    private final Connection connection;
    private String current;

    Tx(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    /** Runs one statement; a failure is reported with this statement. */
    public void execute(String sql) throws SQLException {
      current = sql;
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      current = null;
    }

    /** Marks other work (prepared statements) for error reports. */
    public void describe(String what) {
      current = what;
    }

    public void done() {
      current = null;
    }
  }

  private final Connection connection;
  private final Settings settings;
  private final RunStats stats;

  public PhaseExecutor(Connection connection, Settings settings, RunStats stats) {
    this.connection = connection;
    this.settings = settings;
    this.stats = stats;
  }

  public Connection connection() {
    return connection;
  }

  /** What a phase runs in its transaction around the declared statements. */
  public interface PhaseWork {
    /** Before the declared statements (the contract guard). */
    default void before(Tx tx) throws SQLException {}

    /** After each declared statement (the rewrite guard). */
    default void afterEach(Tx tx, String sql) throws SQLException {}

    /** After the declared statements: the history, the procedures, the sync triggers. */
    void after(Tx tx) throws SQLException;
  }

  /**
   * Runs one phase in the layout {@link PhaseStatements} describes (and {@code plan} prints): the
   * statements outside a transaction, each retried on its own, then one transaction, retried whole,
   * with {@code work} around the declared statements, then the statements after the transaction
   * ({@link #after}). The history must record that those are owed in the transaction ({@code
   * work.after}), so that a run stopped before their end is finished by the next.
   */
  public void run(int migrationId, Transition phase, PhaseStatements statements, PhaseWork work) {
    for (String sql : statements.outside()) {
      outsideTransaction(migrationId, phase, sql);
    }
    inTransaction(
        migrationId,
        phase,
        tx -> {
          work.before(tx);
          for (String sql : statements.inside()) {
            tx.execute(sql);
            work.afterEach(tx, sql);
          }
          work.after(tx);
          return null;
        });
    after(migrationId, phase, statements);
  }

  /** What a failure after the phase's transaction says about the history. */
  private static final String AFTER_FAILED =
      "; the phase's transaction had committed and the history records this statement as still"
          + " owed: the next changing command runs it again";

  /** What a failure before or in the phase's transaction says about the history. */
  private static final String ROLLED_BACK =
      "; its transaction was rolled back and the history was not advanced";

  /** The statements after the phase's transaction, each on its own in autocommit, retried. */
  public void after(int migrationId, Transition phase, PhaseStatements statements) {
    for (String sql : statements.after()) {
      outsideTransaction(migrationId, phase, sql, AFTER_FAILED);
    }
  }

  /** Runs one statement on its own, in autocommit (statements PostgreSQL refuses in a tx). */
  public void outsideTransaction(int migrationId, Transition phase, String sql) {
    outsideTransaction(migrationId, phase, sql, ROLLED_BACK);
  }

  private void outsideTransaction(int migrationId, Transition phase, String sql, String note) {
    retrying(
        migrationId,
        phase,
        note,
        () -> sql,
        () -> {
          connection.setAutoCommit(true);
          try (Statement statement = connection.createStatement()) {
            statement.execute(
                "SET lock_timeout = '" + PhaseStatements.lockTimeout(settings.lockTimeout()) + "'");
            try {
              statement.execute(sql);
            } finally {
              statement.execute("RESET lock_timeout");
            }
          }
          return null;
        },
        () -> {});
  }

  /**
   * Runs one statement once, in autocommit and without a lock timeout: for {@code CREATE INDEX
   * CONCURRENTLY}, whose waits (for the table's SHARE UPDATE EXCLUSIVE lock, which does not block
   * reads or writes, and for older transactions to end) must not be cut short, since an interrupted
   * build leaves an INVALID index. A failure names the migration, phase and statement.
   */
  public void concurrently(int migrationId, Transition phase, String sql) {
    stats.at(migrationId, phase);
    try {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET lock_timeout = 0");
        try {
          statement.execute(sql);
        } finally {
          statement.execute("RESET lock_timeout");
        }
      }
    } catch (SQLException e) {
      if (RunLock.lost(e, connection)) {
        throw RunLock.lostError(e, migrationId, phase, sql);
      }
      throw StraddleException.at(
          migrationId,
          phase,
          sql,
          e,
          ErrorCode.STATEMENT_FAILED,
          e.getSQLState(),
          e.getMessage(),
          "");
    }
  }

  /** Runs {@code work} in one transaction under {@code SET LOCAL lock_timeout}, retried whole. */
  public <T> T inTransaction(int migrationId, Transition phase, TxWork<T> work) {
    return inTransaction(migrationId, phase, Map.of(), work);
  }

  /**
   * Like {@link #inTransaction(int, String, TxWork)}, with more transaction-local settings ({@code
   * name -> value}) set in the same round trip as the lock timeout: backfill batches are short, so
   * each round trip counts.
   */
  public <T> T inTransaction(
      int migrationId, Transition phase, Map<String, String> localSettings, TxWork<T> work) {
    StringBuilder sql = new StringBuilder("SELECT set_config('lock_timeout', ?, true)");
    localSettings.keySet().forEach(name -> sql.append(", set_config(?, ?, true)"));
    Tx[] tx = new Tx[1];
    return retrying(
        migrationId,
        phase,
        ROLLED_BACK,
        () -> tx[0] == null ? null : tx[0].current,
        () -> {
          connection.setAutoCommit(false);
          tx[0] = new Tx(connection);
          tx[0].describe(sql.toString());
          try (PreparedStatement set = connection.prepareStatement(sql.toString())) {
            int index = 1;
            set.setString(index++, PhaseStatements.lockTimeout(settings.lockTimeout()));
            for (Map.Entry<String, String> local : localSettings.entrySet()) {
              set.setString(index++, local.getKey());
              set.setString(index++, local.getValue());
            }
            set.execute();
          }
          tx[0].done();
          T result = work.run(tx[0]);
          tx[0].describe("COMMIT");
          connection.commit();
          connection.setAutoCommit(true);
          return result;
        },
        () -> {
          connection.rollback();
          connection.setAutoCommit(true);
        });
  }

  private interface Attempt<T> {
    T run() throws SQLException;
  }

  private interface Undo {
    void run() throws SQLException;
  }

  private interface Current {
    String get();
  }

  private <T> T retrying(
      int migrationId,
      Transition phase,
      String failedNote,
      Current current,
      Attempt<T> attempt,
      Undo undo) {
    stats.at(migrationId, phase);
    long start = System.nanoTime();
    long budget = settings.retryBudget().toNanos();
    for (int tries = 1; ; tries++) {
      try {
        return attempt.run();
      } catch (RuntimeException e) {
        rollbackQuietly(undo);
        throw e;
      } catch (SQLException e) {
        String statement = current.get();
        rollbackQuietly(undo);
        if (RunLock.lost(e, connection)) {
          throw RunLock.lostError(e, migrationId, phase, statement);
        }
        if (!isLockConflict(e)) {
          throw StraddleException.at(
              migrationId,
              phase,
              statement,
              e,
              ErrorCode.STATEMENT_FAILED,
              e.getSQLState(),
              e.getMessage(),
              failedNote);
        }
        long delay = settings.backoff().delayMillis(tries, ThreadLocalRandom.current());
        long waited = System.nanoTime() - start;
        if (waited + delay * 1_000_000 > budget) {
          throw StraddleException.at(
              migrationId,
              phase,
              statement,
              e,
              ErrorCode.LOCK_TIMEOUT,
              settings.lockTimeout().toMillis(),
              tries,
              waited / 1_000_000,
              settings.retryBudget().toMillis());
        }
        stats.lockRetries++;
        LOG.info(
            "migration {} {}: lock not granted within {} ms (attempt {}), retrying in {} ms: {}",
            migrationId,
            phase,
            settings.lockTimeout().toMillis(),
            tries,
            delay,
            firstLine(statement));
        if (settings.listener() != null) {
          settings.listener().lockRetry(migrationId, phase.text(), statement, tries, delay);
        }
        try {
          idle(migrationId, phase, delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw StraddleException.in(migrationId, phase, ErrorCode.INTERRUPTED, "to retry");
        }
      }
    }
  }

  /**
   * Sleeps {@code millis} without leaving the connection idle for longer than {@link
   * #KEEPALIVE_MILLIS}; a connection found lost fails the run ({@link RunLock#lostError}).
   */
  public void idle(int migrationId, Transition phase, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (true) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(left, KEEPALIVE_MILLIS));
      if (end - System.nanoTime() > 0) {
        keepAlive(migrationId, phase);
      }
    }
  }

  /** Runs {@code SELECT 1}: the connection is not left idle ({@link #KEEPALIVE_MILLIS}). */
  void keepAlive(int migrationId, Transition phase) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      if (RunLock.lost(e, connection)) {
        throw RunLock.lostError(e, migrationId, phase, null);
      }
      throw StraddleException.at(
          migrationId,
          phase,
          "SELECT 1",
          e,
          ErrorCode.STATEMENT_FAILED,
          e.getSQLState(),
          e.getMessage(),
          "");
    }
  }

  static boolean isLockConflict(SQLException e) {
    return "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  private static void rollbackQuietly(Undo undo) {
    try {
      undo.run();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  static String firstLine(String sql) {
    if (sql == null) {
      return "";
    }
    int newline = sql.indexOf('\n');
    return newline < 0 ? sql : sql.substring(0, newline) + " ...";
  }
}
