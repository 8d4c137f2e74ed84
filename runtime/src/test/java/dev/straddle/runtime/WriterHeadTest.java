package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The three ways an application says its head, each checked against a real sync trigger. */
@ExtendWith(PostgresExtension.class)
class WriterHeadTest {

  final TestDatabase db;

  WriterHeadTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void urlOptionsAreAddedOrExtended() {
    assertEquals(
        "jdbc:postgresql://h/db?options=-c%20straddle.head%3D7",
        WriterHead.jdbcUrl("jdbc:postgresql://h/db", 7));
    assertEquals(
        "jdbc:postgresql://h/db?ssl=false&options=-c%20straddle.head%3D7",
        WriterHead.jdbcUrl("jdbc:postgresql://h/db?ssl=false", 7));
    assertEquals(
        "jdbc:postgresql://h/db?options=-c%20search_path%3Dapp%20-c%20straddle.head%3D7&ssl=false",
        WriterHead.jdbcUrl("jdbc:postgresql://h/db?options=-c%20search_path%3Dapp&ssl=false", 7));
    assertEquals("SET straddle.head = '7'", WriterHead.initSql(7));
  }

  @Test
  void aConnectionFromTheUrlWritesAsItsHead() throws Exception {
    String t = "jobs_url";
    db.execute(TestPlans.jobsTable(t, 10));
    Straddle.configure(TestPlans.plan(TestPlans.rename(7, t, "queue", "queue_name", "text")))
        .dataSource(db.dataSource())
        .historySchema("hist_url")
        .load()
        .expand();
    Properties credentials = new Properties();
    credentials.setProperty("user", db.user());
    credentials.setProperty("password", db.password());
    try (Connection c =
        DriverManager.getConnection(WriterHead.jdbcUrl(db.jdbcUrl(), 7), credentials)) {
      assertEquals("7", text(c, "SELECT current_setting('straddle.head')"));
      // As head 7 it writes the new shape only; the trigger fills the old column (DOWN).
      c.createStatement().execute("INSERT INTO " + t + " (id, queue_name) VALUES (100, 'n')");
      assertEquals("n", text(c, "SELECT queue FROM " + t + " WHERE id = 100"));
    }
    try (Connection c = db.connect()) {
      c.createStatement().execute(WriterHead.initSql(7));
      c.createStatement().execute("INSERT INTO " + t + " (id, queue_name) VALUES (101, 'i')");
      assertEquals("i", text(c, "SELECT queue FROM " + t + " WHERE id = 101"));
    }
  }

  @Test
  void theDataSourceWrapperSetsTheHeadOncePerPhysicalConnection() throws Exception {
    DataSource plain = StraddleDataSource.wrap(db.dataSource(), 9);
    try (Connection c = plain.getConnection()) {
      assertEquals("9", text(c, "SELECT current_setting('straddle.head')"));
    }
    // A one-connection "pool" handing out the same physical connection behind a proxy.
    Connection physical = db.connect();
    DataSource pool = singleConnectionPool(physical);
    StraddleDataSource wrapped = StraddleDataSource.wrap(pool, 9);
    try (Connection first = wrapped.getConnection()) {
      assertEquals("9", text(first, "SELECT current_setting('straddle.head')"));
      first.createStatement().execute("SET straddle.head = '3'");
    }
    try (Connection second = wrapped.getConnection()) {
      assertSame(
          physical.unwrap(org.postgresql.PGConnection.class),
          second.unwrap(org.postgresql.PGConnection.class));
      // Not set again: the session keeps what it had.
      assertEquals("3", text(second, "SELECT current_setting('straddle.head')"));
    }
    physical.close();
  }

  private static DataSource singleConnectionPool(Connection physical) {
    return (DataSource)
        Proxy.newProxyInstance(
            WriterHeadTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                return logical(physical);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static Connection logical(Connection physical) {
    return (Connection)
        Proxy.newProxyInstance(
            WriterHeadTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  return null; // back to the pool
                case "unwrap":
                  return physical.unwrap((Class<?>) args[0]);
                case "isWrapperFor":
                  return physical.isWrapperFor((Class<?>) args[0]);
                default:
                  try {
                    return method.invoke(physical, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
              }
            });
  }
}
