package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime safety net of expand (docs/ARCHITECTURE.md, "Volatile defaults"): a plan whose expand
 * makes PostgreSQL rewrite a table (here {@code ADD COLUMN ... DEFAULT gen_random_uuid()}, as
 * processors before the fix generated it) fails naming migration, phase, table and statement; the
 * transaction is rolled back, so the table keeps its file and nothing of the migration is recorded.
 */
@ExtendWith(PostgresExtension.class)
class ExpandRewriteGuardTest {

  static final String T = "rewritten";
  static final String ADD =
      "ALTER TABLE \"" + T + "\" ADD COLUMN \"token\" uuid DEFAULT (gen_random_uuid())";

  final TestDatabase db;

  ExpandRewriteGuardTest(TestDatabase db) {
    this.db = db;
  }

  static MigrationPlan plan() {
    return TestPlans.plan(
        new PlannedMigration(
            1,
            "Add " + T + ".token",
            "sha-rewrite-1",
            List.of(SqlStatement.inTransaction(ADD)),
            List.of(),
            List.of(
                new SyncFragment(T, Direction.UP, "token", "coalesce(token, gen_random_uuid())")),
            List.of(SchemaExpectation.tableExists(T), SchemaExpectation.columnAbsent(T, "token"))));
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS "
            + T
            + "; DROP SCHEMA IF EXISTS straddle CASCADE;\n"
            + TestPlans.jobsTable(T, 2000));
  }

  @Test
  void anExpandThatRewritesATableIsRolledBack() throws SQLException {
    long filenode = filenode();
    Straddle straddle =
        Straddle.configure(plan())
            .dataSource(db.dataSource())
            .lockTimeout(Duration.ofMillis(500))
            .load();
    StraddleException failed = assertThrows(StraddleException.class, () -> straddle.expand());
    assertEquals(StraddleException.Kind.FAILED, failed.kind());
    assertEquals(ErrorCode.TABLE_REWRITE, failed.code());
    assertEquals(1, failed.migrationId());
    assertEquals(Transition.EXPAND, failed.phase());
    assertEquals(ADD, failed.statement());
    assertTrue(failed.getMessage().contains("rewrote table " + T), failed.getMessage());
    assertUnchanged(filenode);
  }

  @Test
  void theCliExitsWithOneAndSaysWhichTable() throws SQLException {
    long filenode = filenode();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        StraddleCli.run(
            plan(),
            new String[] {
              "migrate", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, stderr);
    assertTrue(stderr.startsWith("error kind=failed migration=1 phase=expand"), stderr);
    assertTrue(stderr.contains("rewrote table " + T), stderr);
    assertUnchanged(filenode);
  }

  private void assertUnchanged(long filenode) throws SQLException {
    assertEquals(filenode, filenode());
    try (Connection c = db.connect()) {
      assertEquals(
          0L,
          TestPlans.count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + T
                  + "' AND column_name = 'token'"));
      assertEquals(0L, TestPlans.count(c, "SELECT count(*) FROM straddle.straddle_history"));
      assertEquals(
          0L,
          TestPlans.count(c, "SELECT count(*) FROM pg_trigger WHERE tgname = '_straddle_sync'"));
    }
  }

  private long filenode() throws SQLException {
    try (Connection c = db.connect()) {
      return TestPlans.count(c, "SELECT pg_relation_filenode('" + T + "')");
    }
  }
}
