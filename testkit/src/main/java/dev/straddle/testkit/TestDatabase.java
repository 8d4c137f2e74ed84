package dev.straddle.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One fresh database on a test server; nothing else uses it. */
public record TestDatabase(String jdbcUrl, String user, String password, int serverMajor) {

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
}
