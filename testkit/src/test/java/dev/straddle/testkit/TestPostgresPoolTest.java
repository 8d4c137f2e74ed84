package dev.straddle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** How the harness chooses servers when the environment names one. */
class TestPostgresPoolTest {

  @Test
  void aTestPinnedToAMajorGetsThatMajorWhenTheNamedServerRunsAnother() throws SQLException {
    TestDatabase named = TestPostgres.newDatabase("named_server");
    Assumptions.assumeTrue(named.serverMajor() != 13, "the default server already runs 13");
    TestPostgres.Pool pool =
        new TestPostgres.Pool(
            Map.of(
                TestPostgres.URL_VARIABLE, named.adminUrl(),
                TestPostgres.USER_VARIABLE, named.user(),
                TestPostgres.PASSWORD_VARIABLE, named.password()));
    try {
      TestDatabase unpinned = pool.newDatabase("unpinned", TestPostgres.DEFAULT_MAJOR);
      assertEquals(
          serverOf(named.adminUrl()), serverOf(unpinned.jdbcUrl()), "the named server serves");

      TestDatabase pinned = pool.newDatabase("pinned", 13);
      assertEquals(13, pinned.serverMajor());
      try (Connection connection = pinned.connect()) {
        assertEquals(13, connection.getMetaData().getDatabaseMajorVersion());
      }
      assertTrue(!serverOf(named.adminUrl()).equals(serverOf(pinned.jdbcUrl())));

      TestDatabase sameMajor = pool.newDatabase("same_major", named.serverMajor());
      assertEquals(serverOf(named.adminUrl()), serverOf(sameMajor.jdbcUrl()));
    } finally {
      pool.shutdown();
      named.drop();
    }
  }

  /** {@code jdbc:postgresql://host:port} of a URL. */
  private static String serverOf(String url) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    return url.substring(0, slash);
  }
}
