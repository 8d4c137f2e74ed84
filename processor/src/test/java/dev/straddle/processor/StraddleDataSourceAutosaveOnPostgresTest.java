package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.PgStatement;

/**
 * Issue 15's decision on prepared statements (docs/ARCHITECTURE.md, "Column type changes"): {@link
 * StraddleDataSource} sets {@code autosave=conservative} on the pgjdbc connections it hands out, so
 * an application's prepared statement, server-prepared after its fifth execution (pgjdbc's default
 * threshold) and run in a transaction, survives the contract's swap of {@code visits.id} to bigint
 * without the application configuring anything. A plain connection, the control, fails once with
 * "cached plan must not change result type"; so does the wrapper's with {@link
 * StraddleDataSource#withoutAutosave()}.
 */
@ExtendWith(PostgresExtension.class)
class StraddleDataSourceAutosaveOnPostgresTest {

  @Test
  void theWrapperKeepsPreparedStatementsInTransactionsWorkingAcrossTheSwap(TestDatabase db)
      throws Exception {
    Compilation compilation = TypeExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = TypeExamples.plan(compilation);
    db.execute(TypeExamples.setup(100));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.RUN);
    StraddleDataSource wrapped = StraddleDataSource.wrap(db.dataSource(), plan.head());
    String sql = "SELECT id FROM visits WHERE id = ?";
    try (Connection straddled = wrapped.getConnection();
        Connection unset = wrapped.withoutAutosave().getConnection();
        Connection plain = db.connectAsHead(plan.head());
        PreparedStatement fromStraddle = prepare(straddled, sql);
        PreparedStatement fromUnset = prepare(unset, sql);
        PreparedStatement fromPlain = prepare(plain, sql)) {
      assertEquals(AutoSave.CONSERVATIVE, straddled.unwrap(PGConnection.class).getAutosave());
      assertEquals(AutoSave.NEVER, unset.unwrap(PGConnection.class).getAutosave());
      for (int i = 0; i < 6; i++) {
        assertEquals(Types.INTEGER, readInTransaction(fromStraddle));
        readInTransaction(fromUnset);
        readInTransaction(fromPlain);
      }
      assertTrue(fromStraddle.unwrap(PgStatement.class).isUseServerPrepare());

      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);

      assertEquals(Types.BIGINT, readInTransaction(fromStraddle), "the swap is read as bigint");
      for (PreparedStatement control : List.of(fromUnset, fromPlain)) {
        SQLException failed = assertThrows(SQLException.class, () -> readInTransaction(control));
        assertTrue(
            failed.getMessage().contains("cached plan must not change result type"),
            failed.getMessage());
        control.getConnection().rollback();
      }
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    connection.setAutoCommit(false);
    return connection.prepareStatement(sql);
  }

  /** Runs {@code statement} for id 1 and commits; the column's JDBC type. */
  private static int readInTransaction(PreparedStatement statement) throws SQLException {
    statement.setInt(1, 1);
    int type;
    try (ResultSet rows = statement.executeQuery()) {
      assertTrue(rows.next());
      type = rows.getMetaData().getColumnType(1);
    }
    statement.getConnection().commit();
    return type;
  }
}
