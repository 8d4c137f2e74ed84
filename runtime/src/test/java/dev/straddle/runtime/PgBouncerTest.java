package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.straddle.testkit.PgBouncer;
import dev.straddle.testkit.PgBouncer.PoolMode;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Old and new releases writing through a real PgBouncer (started by the test; skipped with a
 * message when there is no binary) while the runner, on its own direct connection, expands,
 * backfills and contracts a rename. The writers say their head per transaction ({@link
 * WriterHead.Mode#TRANSACTION}); some old clients say nothing (head 0). Afterwards no writer saw an
 * error, no row's two shapes disagree, and no write was attributed to the wrong release (each write
 * records which release meant which queue).
 */
@ExtendWith(PostgresExtension.class)
class PgBouncerTest {

  static final int ROWS = 2000;
  static final int MIGRATION = 10;
  final TestDatabase db;

  PgBouncerTest(TestDatabase db) {
    this.db = db;
  }

  /** Eight clients over two server connections (session pooling: one each). */
  @ParameterizedTest
  @EnumSource(
      value = PoolMode.class,
      names = {"TRANSACTION", "SESSION"})
  void oldAndNewReleasesShareOnePoolThroughExpandBackfillContract(PoolMode mode) throws Exception {
    String t = "jobs_" + mode.name().toLowerCase();
    db.execute(TestPlans.jobsTable(t, ROWS));
    try (PgBouncer bouncer = PgBouncer.start(db, mode, mode == PoolMode.SESSION ? 8 : 2)) {
      DataSource oldRelease = perTransaction(bouncer.dataSource(), MIGRATION - 1);
      DataSource newRelease = perTransaction(bouncer.dataSource(), MIGRATION);
      assertEquals(
          mode == PoolMode.TRANSACTION,
          WriterCheck.check(newRelease, MIGRATION).sharedSessions(),
          "sessions shared");

      List<PooledWriter> old = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        old.add(writer("old", t, kept(oldRelease), true));
        old.add(writer("old", t, kept(bouncer.dataSource()), true)); // says nothing: head 0
      }
      awaitMore(old, 20);
      Straddle straddle = runner(t, "hist_" + t);
      straddle.expand(Backfill.DEFER);
      List<PooledWriter> fresh = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fresh.add(writer("new", t, kept(newRelease), true));
      }
      awaitMore(old, 20);
      awaitMore(fresh, 20);
      straddle.backfill();
      awaitMore(old, 20);
      awaitMore(fresh, 20);
      stop(old); // the old release is gone before contract
      try (Connection c = db.connect()) {
        assertEquals(
            0, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS DISTINCT FROM queue"));
      }
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      awaitMore(fresh, 20);
      stop(fresh);
      assertNoErrors(old);
      assertNoErrors(fresh);
      assertEveryWriteAttributedRight(t);
    }
  }

  /** HikariCP per release (four connections each) over one transaction pool of two. */
  @Test
  void hikariPoolsOfBothReleasesOverOneTransactionPool() throws Exception {
    String t = "jobs_hikari";
    db.execute(TestPlans.jobsTable(t, ROWS));
    try (PgBouncer bouncer = PgBouncer.start(db, PoolMode.TRANSACTION, 2);
        HikariDataSource oldPool = new HikariDataSource(hikariConfig(bouncer.jdbcUrl()));
        HikariDataSource newPool = new HikariDataSource(hikariConfig(bouncer.jdbcUrl()))) {
      DataSource oldApp = perTransaction(oldPool, MIGRATION - 1);
      DataSource newApp = perTransaction(newPool, MIGRATION);
      List<PooledWriter> old = new ArrayList<>();
      List<PooledWriter> fresh = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        old.add(writer("old", t, borrowed(oldApp), true));
      }
      awaitMore(old, 20);
      Straddle straddle = runner(t, "hist_" + t);
      straddle.expand(Backfill.DEFER);
      for (int i = 0; i < 4; i++) {
        fresh.add(writer("new", t, borrowed(newApp), true));
      }
      awaitMore(fresh, 20);
      straddle.backfill();
      awaitMore(old, 20);
      awaitMore(fresh, 20);
      stop(old);
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      awaitMore(fresh, 20);
      stop(fresh);
      assertNoErrors(old);
      assertNoErrors(fresh);
      assertEveryWriteAttributedRight(t);
    }
  }

  /**
   * The session-setting mode behind transaction pooling: the wrapper and the check refuse it
   * (HikariCP's connection-init SQL too), naming the transaction mode as the fix, which passes on
   * the same pooler; statement pooling refuses the transaction mode's transactions: refused too.
   */
  @Test
  void theSessionSettingBehindTransactionPoolingIsRefused() throws Exception {
    try (PgBouncer bouncer = PgBouncer.start(db, PoolMode.TRANSACTION, 2)) {
      StraddleDataSource sessionMode = StraddleDataSource.wrap(bouncer.dataSource(), MIGRATION);
      StraddleException e = assertThrows(StraddleException.class, sessionMode::getConnection);
      assertEquals(StraddleException.Kind.REFUSED, e.kind());
      assertEquals(ErrorCode.WRITER_HEAD, e.code());
      assertTrue(e.getMessage().contains("share a server session"), e.getMessage());
      assertTrue(e.getMessage().contains("WriterHead.Mode.TRANSACTION"), e.getMessage());
      assertThrows(StraddleException.class, sessionMode::getConnection); // checked again

      try (Connection c = perTransaction(bouncer.dataSource(), MIGRATION).getConnection()) {
        assertEquals(
            String.valueOf(MIGRATION),
            TestPlans.text(c, "SELECT current_setting('straddle.head')"));
      }

      HikariConfig config = hikariConfig(bouncer.jdbcUrl());
      config.setConnectionInitSql(WriterHead.initSql(MIGRATION));
      try (HikariDataSource initSql = new HikariDataSource(config)) {
        StraddleException hikari =
            assertThrows(StraddleException.class, () -> WriterCheck.check(initSql, MIGRATION));
        assertTrue(hikari.getMessage().contains("share a server session"), hikari.getMessage());
        // and now that it leaked, the transaction mode refuses to start beside it
        StraddleException leaked =
            assertThrows(
                StraddleException.class,
                () -> perTransaction(bouncer.dataSource(), MIGRATION).getConnection());
        assertTrue(
            leaked.getMessage().contains("carries the session setting"), leaked.getMessage());
      }
    }
    try (PgBouncer bouncer = PgBouncer.start(db, PoolMode.STATEMENT, 2)) {
      StraddleException e =
          assertThrows(
              StraddleException.class,
              () -> perTransaction(bouncer.dataSource(), MIGRATION).getConnection());
      assertTrue(e.getMessage().contains("pool_mode = statement"), e.getMessage());
      assertThrows(
          StraddleException.class,
          () -> StraddleDataSource.wrap(bouncer.dataSource(), MIGRATION).getConnection());
    }
  }

  /** A URL's {@code options} stripped by the pooler leaves connections without a head: refused. */
  @Test
  void anOptionsParameterThePoolerStripsIsRefused() throws Exception {
    try (PgBouncer bouncer =
        PgBouncer.start(
            db, PoolMode.SESSION, 2, "ignore_startup_parameters = extra_float_digits,options")) {
      DataSource stripped = bouncer.dataSource(WriterHead.jdbcUrl(bouncer.jdbcUrl(), MIGRATION));
      StraddleException e =
          assertThrows(StraddleException.class, () -> WriterCheck.check(stripped, MIGRATION));
      assertTrue(e.getMessage().contains("sees no straddle.head"), e.getMessage());
      assertTrue(e.getMessage().contains("ignore_startup_parameters"), e.getMessage());
    }
    // Without that setting PgBouncer refuses the parameter outright.
    try (PgBouncer bouncer = PgBouncer.start(db, PoolMode.TRANSACTION, 2)) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> bouncer.connect(WriterHead.jdbcUrl(bouncer.jdbcUrl(), MIGRATION)).close());
      assertTrue(e.getMessage().contains("unsupported startup parameter"), e.getMessage());
    }
  }

  /**
   * The corruption, reproduced: a session setting leaks from one client of a transaction
   * pool to the next, which never set it. A writer that says its head per transaction is attributed
   * right whatever leaked, and the check names the leaked setting.
   */
  @Test
  void aLeakedSessionHeadNeverDecidesForATransactionModeWriter() throws Exception {
    String t = "jobs_leak";
    db.execute(TestPlans.jobsTable(t, 10));
    runner(t, "hist_leak").expand();
    try (PgBouncer bouncer = PgBouncer.start(db, PoolMode.TRANSACTION, 1);
        Connection leaking = bouncer.connect();
        Connection bystander = bouncer.connect();
        Connection old = perTransaction(bouncer.dataSource(), MIGRATION - 1).getConnection()) {
      try (Statement s = leaking.createStatement()) {
        s.execute(WriterHead.initSql(MIGRATION)); // the session mode, new release: leaks
      }
      assertEquals(
          String.valueOf(MIGRATION),
          TestPlans.text(bystander, "SELECT current_setting('straddle.head', true)"),
          "the session setting leaked to a client that never set it (one server connection)");
      try (Statement s = old.createStatement()) {
        s.executeUpdate("UPDATE " + t + " SET queue = 'mine', payload = 'old:mine' WHERE id = 1");
      }
      old.setAutoCommit(false);
      try (Statement s = old.createStatement()) {
        s.executeUpdate("UPDATE " + t + " SET queue = 'also', payload = 'old:also' WHERE id = 2");
      }
      old.commit();
      try (Connection c = db.connect()) {
        assertEquals("mine", TestPlans.text(c, "SELECT queue_name FROM " + t + " WHERE id = 1"));
        assertEquals("also", TestPlans.text(c, "SELECT queue_name FROM " + t + " WHERE id = 2"));
      }
      StraddleException e =
          assertThrows(
              StraddleException.class,
              () -> WriterCheck.check(perTransaction(bouncer.dataSource(), MIGRATION - 1), 9));
      assertTrue(
          e.getMessage().contains("carries the session setting straddle.head = '10'"),
          e.getMessage());
    }
  }

  private Straddle runner(String table, String schema) {
    return Straddle.configure(
            TestPlans.plan(TestPlans.rename(MIGRATION, table, "queue", "queue_name", "text")))
        .dataSource(db.dataSource()) // the runner connects directly
        .historySchema(schema)
        .lockTimeout(Duration.ofMillis(500))
        .retryBudget(Duration.ofSeconds(60))
        .batchRows(100, 200)
        .load();
  }

  private static PooledWriter writer(
      String release, String table, PooledWriter.Source source, boolean transactions) {
    return new PooledWriter(release, table, ROWS, source, transactions).start();
  }

  private static DataSource perTransaction(DataSource dataSource, int head) {
    return StraddleDataSource.wrap(dataSource, head, WriterHead.Mode.TRANSACTION);
  }

  private static PooledWriter.Source kept(DataSource dataSource) {
    return new PooledWriter.Source() {
      @Override
      public Connection borrow() throws SQLException {
        return dataSource.getConnection();
      }

      @Override
      public boolean pooled() {
        return false;
      }
    };
  }

  private static PooledWriter.Source borrowed(DataSource pool) {
    return new PooledWriter.Source() {
      @Override
      public Connection borrow() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public boolean pooled() {
        return true;
      }
    };
  }

  private static HikariConfig hikariConfig(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(4);
    config.setConnectionTimeout(30_000);
    return config;
  }

  private static void awaitMore(List<PooledWriter> writers, long more) throws InterruptedException {
    for (PooledWriter w : writers) {
      w.awaitMore(more);
    }
  }

  private static void stop(List<PooledWriter> writers) throws InterruptedException {
    for (PooledWriter w : writers) {
      w.stop();
    }
  }

  private static void assertNoErrors(List<PooledWriter> writers) {
    for (PooledWriter w : writers) {
      assertEquals(List.of(), w.errors);
      assertTrue(w.writes.get() >= 60, "each writer wrote: " + w.writes.get());
    }
  }

  /** Every row's queue is the one its last writer meant, whichever release that was. */
  private void assertEveryWriteAttributedRight(String t) throws SQLException {
    try (Connection c = db.connect()) {
      assertTrue(count(c, "SELECT count(*) FROM " + t + " WHERE payload LIKE 'old:%'") > 0);
      assertTrue(count(c, "SELECT count(*) FROM " + t + " WHERE payload LIKE 'new:%'") > 0);
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM "
                  + t
                  + " WHERE payload ~ '^(old|new):'"
                  + " AND queue_name IS DISTINCT FROM substr(payload, 5)"),
          "writes attributed to the wrong release");
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS NULL"));
    }
  }
}
