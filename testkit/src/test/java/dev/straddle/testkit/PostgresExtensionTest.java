package dev.straddle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

  @BeforeAll
  static void createTable(TestDatabase database) throws SQLException {
    database.execute("CREATE TABLE marker (id int)");
  }

  @Test
  void everyParameterOfTheClassGetsTheSameFreshDatabase(TestDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      tables.next();
      assertEquals(1, tables.getInt(1), "only the table made in @BeforeAll");
    }
  }

  @Test
  void anotherDatabaseIsEmptyAndSeparate(TestDatabase database) throws SQLException {
    TestDatabase other = TestPostgres.newDatabase("other");
    assertNotEquals(database.jdbcUrl(), other.jdbcUrl());
    try (Connection connection = other.connect();
        Statement statement = connection.createStatement();
        ResultSet tables =
            statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      tables.next();
      assertEquals(0, tables.getInt(1));
    }
  }

  @Test
  void writerHeadIsASessionSetting(TestDatabase database) throws SQLException {
    try (Connection connection = database.connectAsHead(7);
        Statement statement = connection.createStatement();
        ResultSet head = statement.executeQuery("SELECT current_setting('straddle.head')")) {
      head.next();
      assertEquals("7", head.getString(1));
    }
  }

  @Test
  void anOlderMajorCanRunBesideTheDefault() throws SQLException {
    TestDatabase old = TestPostgres.newDatabase("old_major", 13);
    try (Connection connection = old.connect()) {
      int major = connection.getMetaData().getDatabaseMajorVersion();
      assertTrue(major == 13 || System.getenv(TestPostgres.URL_VARIABLE) != null, "major " + major);
    }
  }

  @Test
  void aMajorWithoutBinariesIsNamedWithWhereTheyWereLookedFor() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv(TestPostgres.URL_VARIABLE) == null, "a server from the environment is used");
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> TestPostgres.newDatabase("missing", 9));
    assertTrue(
        e.getMessage().contains("no embedded PostgreSQL 9 binaries")
            && e.getMessage().contains(TestPostgres.BINARIES_PROPERTY),
        e.getMessage());
  }
}
