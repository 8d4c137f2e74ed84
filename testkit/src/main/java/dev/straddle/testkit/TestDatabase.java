package dev.straddle.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One fresh database on a test server; nothing else uses it.
 *
 * @param adminUrl the server's URL for creating and dropping databases
 * @param name the database's name
 */
public record TestDatabase(
    String jdbcUrl, String user, String password, int serverMajor, String adminUrl, String name) {

  /** A new connection, autocommit on. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** A new connection whose session says it is code with {@code head} (sync-trigger writer id). */
  public Connection connectAsHead(int head) throws SQLException {
    Connection connection = connect();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET straddle.head = '" + head + "'");
    }
    return connection;
  }

  /** A plain DataSource for this database. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  /** Runs {@code sql} (one or more statements) on a new connection. */
  public void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Drops this database, closing whatever sessions it still has. Tests need not call it (the server
   * is thrown away); benchmarks, which build tables of millions of rows, must.
   */
  public void drop() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    try (Connection connection = DriverManager.getConnection(adminUrl, properties);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }
}
