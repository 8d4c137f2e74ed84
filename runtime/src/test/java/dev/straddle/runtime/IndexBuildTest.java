package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Indexes are built concurrently, outside any transaction, at the end of the backfill phase; an
 * INVALID leftover of a failed build is dropped and rebuilt, and a build that fails leaves none.
 */
@ExtendWith(PostgresExtension.class)
class IndexBuildTest {

  private static final TableName ACCOUNTS = TableName.parse("accounts");

  @BeforeEach
  void freshTable(TestDatabase db) throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE; DROP TABLE IF EXISTS accounts;"
            + " CREATE TABLE accounts (id bigint PRIMARY KEY, email text);"
            + " INSERT INTO accounts SELECT g, 'user' || g || '@example.com'"
            + " FROM generate_series(1, 2000) AS g");
  }

  private static MigrationPlan uniqueEmails() {
    String sql = IndexSql.create(ACCOUNTS, "accounts_email_key", List.of("email"), true, "");
    return TestPlans.plan(
        new PlannedMigration(
            1,
            "Unique emails",
            "sha-index-1",
            List.of(),
            List.of(),
            List.of(),
            List.of(SchemaExpectation.tableExists("accounts")),
            List.of(new IndexBuild("accounts", "accounts_email_key", sql))));
  }

  private static Straddle runner(TestDatabase db) {
    return Straddle.configure(uniqueEmails()).dataSource(db.dataSource()).load();
  }

  @Test
  void theIndexIsBuiltInTheBackfillPhase(TestDatabase db) throws SQLException {
    Straddle straddle = runner(db);
    straddle.expand(Backfill.DEFER);
    assertEquals(Phase.EXPANDED, straddle.status().migrations().get(0).phase());
    assertNull(validity(db), "not built at expand");
    assertTrue(
        straddle.plan().contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS"),
        "the dry run shows the pending build");

    straddle.backfill();
    assertEquals(Phase.BACKFILLED, straddle.status().migrations().get(0).phase());
    assertEquals("true", validity(db));
  }

  @Test
  void anInvalidLeftoverIsDroppedAndRebuilt(TestDatabase db) throws SQLException {
    db.execute("UPDATE accounts SET email = 'same@example.com' WHERE id <= 2");
    assertThrows(
        SQLException.class,
        () ->
            db.execute("CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email)"));
    assertEquals("false", validity(db), "PostgreSQL left an INVALID index");
    db.execute("UPDATE accounts SET email = 'other@example.com' WHERE id = 2");

    runner(db).expand();

    assertEquals("true", validity(db));
    assertThrows(
        SQLException.class,
        () -> db.execute("UPDATE accounts SET email = 'same@example.com' WHERE id = 3"),
        "the rebuilt index is unique");
  }

  @Test
  void aFailedBuildLeavesNoInvalidIndexAndTheMigrationNotBackfilled(TestDatabase db)
      throws SQLException {
    db.execute("UPDATE accounts SET email = 'same@example.com' WHERE id <= 2");
    Straddle straddle = runner(db);

    StraddleException failure = assertThrows(StraddleException.class, () -> straddle.expand());

    assertEquals(StraddleException.Kind.FAILED, failure.kind());
    assertEquals(ErrorCode.INDEX_BUILD_FAILED, failure.code());
    assertEquals(1, failure.migrationId());
    assertEquals(Transition.BACKFILL, failure.phase());
    assertTrue(
        failure.statement().contains("CREATE UNIQUE INDEX CONCURRENTLY"), failure.statement());
    assertTrue(failure.getMessage().contains("INVALID index"), failure.getMessage());
    assertNull(validity(db), "the invalid leftover was dropped");
    assertEquals(Phase.EXPANDED, straddle.status().migrations().get(0).phase());

    db.execute("UPDATE accounts SET email = 'fixed@example.com' WHERE id = 2");
    straddle.backfill();
    assertEquals("true", validity(db));
    assertEquals(Phase.BACKFILLED, straddle.status().migrations().get(0).phase());
  }

  /** indisvalid of the index as text, or null when there is none. */
  private static String validity(TestDatabase db) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT indisvalid::text FROM pg_index"
                    + " WHERE indexrelid = to_regclass('accounts_email_key')")) {
      return row.next() ? row.getString(1) : null;
    }
  }
}
