package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.ProcedureVersion;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner's record of procedure versions ({@code straddle_procedures}) and its refusal of an
 * applied version whose declaration changed, with hand-built plans.
 */
@ExtendWith(PostgresExtension.class)
class ProcedureVersionsTest {

  /** Creates table {@code t<suffix>} and function {@code f<suffix>_v1}. */
  private static PlannedMigration create(String checksum, String suffix) {
    return new PlannedMigration(
        1,
        "Create t and f version 1",
        checksum,
        List.of(
            SqlStatement.inTransaction("CREATE TABLE t" + suffix + " (id bigint PRIMARY KEY)"),
            SqlStatement.inTransaction(
                "CREATE FUNCTION f"
                    + suffix
                    + "_v1() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t"
                    + suffix
                    + " $$")),
        List.of(),
        List.of(),
        List.of(SchemaExpectation.tableAbsent("t" + suffix)));
  }

  private static MigrationPlan plan(String migrationChecksum, List<ProcedureVersion> procedures) {
    return plan(migrationChecksum, procedures, "");
  }

  private static MigrationPlan plan(
      String migrationChecksum, List<ProcedureVersion> procedures, String suffix) {
    return new MigrationPlan() {
      @Override
      public int head() {
        return 1;
      }

      @Override
      public List<PlannedMigration> migrations() {
        return List.of(create(migrationChecksum, suffix));
      }

      @Override
      public List<SchemaExpectation> baseline() {
        return List.of();
      }

      @Override
      public List<ProcedureVersion> procedures() {
        return procedures;
      }
    };
  }

  private static ProcedureVersion f(String checksum) {
    return new ProcedureVersion("f", 1, "", 1, "", checksum);
  }

  private static Straddle straddle(TestDatabase db, MigrationPlan plan) {
    return Straddle.configure(plan).dataSource(db.dataSource()).load();
  }

  @Test
  void aChangedAppliedVersionIsRefusedWithItsOwnMessage(TestDatabase db) throws SQLException {
    straddle(db, plan("m1", List.of(f("p1")))).expand();
    assertEquals("f 1 f_v1 1 p1 live", recorded(db));
    assertTrue(straddle(db, plan("m1", List.of(f("p1")))).verify().isEmpty());

    // The procedure changed, and with it the migration's checksum: one problem, the procedure's.
    MigrationPlan edited = plan("m1-edited", List.of(f("p1-edited")));
    List<Problem> problems = straddle(db, edited).verify();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(ErrorCode.PROCEDURE_CHANGED, problems.get(0).code());
    String text = problems.get(0).text();
    assertTrue(text.startsWith("procedure f version 1 (f_v1, migration 1) was changed"), text);
    assertTrue(text.contains("declare the change as version 2"), text);
    assertEquals(problems, straddle(db, edited).status().problems());
    StraddleException refused =
        assertThrows(StraddleException.class, () -> straddle(db, edited).expand());
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertEquals(ErrorCode.HISTORY_MISMATCH, refused.code());
    assertTrue(refused.getMessage().contains("declare the change as version 2"));
    assertFalse(refused.getMessage().contains("Applied migrations are immutable"));
    assertEquals("f 1 f_v1 1 p1 live", recorded(db));

    // Another change of the migration, the procedure untouched: the migration's own message.
    List<Problem> other = straddle(db, plan("m1-other", List.of(f("p1")))).verify();
    assertEquals(1, other.size(), other.toString());
    assertEquals(ErrorCode.CHECKSUM_MISMATCH, other.get(0).code());
    assertTrue(other.get(0).text().contains("Applied migrations are immutable"), other.toString());
  }

  /**
   * Issue 14, point 1: {@code plan} refused nothing when only an applied procedure's declaration
   * changed (it checked the migrations' checksums, the run the procedures too). Both refuse now.
   */
  @Test
  void planRefusesAChangedProcedureAsMigrateDoes(TestDatabase db) throws SQLException {
    Straddle applied =
        Straddle.configure(
                plan(
                    "m1",
                    List.of(new ProcedureVersion("f_planned", 1, "", 1, "", "p1")),
                    "_planned"))
            .dataSource(db.dataSource())
            .historySchema("planned")
            .load();
    applied.migrate();
    Straddle edited =
        Straddle.configure(
                plan(
                    "m1",
                    List.of(new ProcedureVersion("f_planned", 1, "", 1, "", "p1-edited")),
                    "_planned"))
            .dataSource(db.dataSource())
            .historySchema("planned")
            .load();
    String dryRun = edited.plan();
    assertTrue(dryRun.contains("-- REFUSED: a run would change nothing:"), dryRun);
    assertTrue(dryRun.contains("declare the change as version 2"), dryRun);
    StraddleException refused = assertThrows(StraddleException.class, () -> edited.migrate());
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(refused.getMessage().contains("declare the change as version 2"));
  }

  @Test
  void plansWithoutProceduresCreateNoProcedureTable(TestDatabase db) throws SQLException {
    Straddle plain =
        Straddle.configure(plan("m1", List.of(), "_plain"))
            .dataSource(db.dataSource())
            .historySchema("plain")
            .load();
    plain.expand();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('plain.straddle_procedures')")) {
      rs.next();
      assertEquals(null, rs.getString(1));
    }
    assertTrue(plain.verify().isEmpty());
  }

  @Test
  void anExistingFunctionOfAVersionToCreateIsDrift(TestDatabase db) throws SQLException {
    db.execute("CREATE FUNCTION f_hand_v1() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$");
    Straddle hand =
        Straddle.configure(
                plan("m1", List.of(new ProcedureVersion("f_hand", 1, "", 1, "", "p1")), "_hand"))
            .dataSource(db.dataSource())
            .historySchema("hand")
            .load();
    StraddleException refused = assertThrows(StraddleException.class, () -> hand.expand());
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(
        refused.getMessage().contains("f_hand_v1() already exists (not recorded by Straddle)"),
        refused.getMessage());
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('t_hand')")) {
      rs.next();
      assertEquals(null, rs.getString(1), "nothing of the migration was applied");
    }
  }

  /**
   * A rolled-back migration's procedure versions are dropped by its rollback statements and
   * forgotten in {@code straddle_procedures} in the same transaction: the version declared
   * otherwise then expands (its new checksum is recorded), where it was refused before.
   */
  @Test
  void aRolledBackVersionIsForgottenAndMayBeDeclaredAgainOtherwise(TestDatabase db)
      throws SQLException {
    String suffix = "_rb";
    java.util.function.BiFunction<String, String, MigrationPlan> build =
        (migrationChecksum, procedureChecksum) -> {
          PlannedMigration m =
              TestPlans.withRollback(
                  create(migrationChecksum, suffix),
                  SqlStatement.inTransaction("DROP FUNCTION IF EXISTS f" + suffix + "_v1()"),
                  SqlStatement.inTransaction("DROP TABLE IF EXISTS t" + suffix));
          List<ProcedureVersion> procedures =
              List.of(new ProcedureVersion("f" + suffix, 1, "", 1, "", procedureChecksum));
          return new MigrationPlan() {
            @Override
            public int head() {
              return 1;
            }

            @Override
            public List<PlannedMigration> migrations() {
              return List.of(m);
            }

            @Override
            public List<SchemaExpectation> baseline() {
              return List.of();
            }

            @Override
            public List<ProcedureVersion> procedures() {
              return procedures;
            }
          };
        };
    java.util.function.Function<MigrationPlan, Straddle> in =
        plan -> Straddle.configure(plan).dataSource(db.dataSource()).historySchema("rolled").load();
    in.apply(build.apply("m1", "p1")).expand();
    String versions = "SELECT string_agg(checksum, ',') FROM rolled.straddle_procedures";
    assertEquals("p1", text(db, versions));
    MigrationPlan edited = build.apply("m1-edited", "p1-edited");
    assertEquals(
        ErrorCode.HISTORY_MISMATCH,
        assertThrows(StraddleException.class, () -> in.apply(edited).expand()).code());

    assertEquals(
        List.of("1 rolled-back"), in.apply(build.apply("m1", "p1")).rollback().stepTexts());
    assertNull(text(db, versions));
    assertNull(text(db, "SELECT to_regproc('f" + suffix + "_v1')::text"));

    assertEquals(List.of("1 expanded backfilled"), in.apply(edited).expand().stepTexts());
    assertEquals("p1-edited", text(db, versions));
  }

  private static String text(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return TestPlans.text(c, sql);
    }
  }

  private static String recorded(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT string_agg(concat_ws(' ', name, version, object_name, migration, checksum,"
                    + " CASE WHEN dropped_at IS NULL THEN 'live' ELSE 'dropped' END), '; ')"
                    + " FROM straddle.straddle_procedures")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
