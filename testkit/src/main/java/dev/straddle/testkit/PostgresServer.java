package dev.straddle.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** A running server on which tests create their databases. */
final class PostgresServer {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String description;
  private final String adminUrl;
  private final String user;
  private final String password;
  private final int major;

  PostgresServer(String description, String adminUrl, String user, String password)
      throws SQLException {
    this.description = description;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    try (Connection connection = connect(adminUrl)) {
      this.major = connection.getMetaData().getDatabaseMajorVersion();
    }
  }

  String description() {
    return description + ", PostgreSQL " + major;
  }

  int major() {
    return major;
  }

  /** Creates an empty database whose name starts with {@code hint}. */
  TestDatabase newDatabase(String hint) throws SQLException {
    String name =
        ("st_" + hint.toLowerCase().replaceAll("[^a-z0-9]+", "_"))
                .substring(0, Math.min(40, 3 + hint.length()))
            + "_"
            + ProcessHandle.current().pid()
            + "_"
            + DATABASES.incrementAndGet();
    try (Connection connection = connect(adminUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
    }
    return new TestDatabase(withDatabase(adminUrl, name), user, password, major, adminUrl, name);
  }

  private Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  /** Replaces the database part of a {@code jdbc:postgresql://host:port/db?params} URL. */
  static String withDatabase(String url, String database) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.indexOf('/', "jdbc:postgresql://".length());
    String server = slash < 0 ? base : base.substring(0, slash);
    return server + "/" + database + params;
  }
}
