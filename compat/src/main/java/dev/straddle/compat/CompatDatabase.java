package dev.straddle.compat;

import dev.straddle.runtime.Status;
import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The database of a {@link SchemaState} test class.
 *
 * @param database the underlying test database (its own connections say no head)
 * @param head the head of the code under test
 * @param status where every migration stands, as the runner left it
 */
public record CompatDatabase(TestDatabase database, int head, Status status) {

  /** Connections that say {@link #head()}, as the application under test would. */
  public DataSource dataSource() {
    return StraddleDataSource.wrap(database.dataSource(), head);
  }

  /** A new connection that says {@link #head()}. */
  public Connection connect() throws SQLException {
    return database.connectAsHead(head);
  }
}
