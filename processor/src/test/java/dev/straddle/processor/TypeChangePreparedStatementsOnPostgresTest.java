package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * An in-place type change changes the result type of queries that read the column: at expand for a
 * catalog-only widening (the old release is running), at contract for a shadow swap. A server-side
 * prepared statement executed inside a transaction then fails once with "cached plan must not
 * change result type", unless the driver re-prepares it; with pgjdbc's {@code
 * autosave=conservative} it does (docs/ARCHITECTURE.md, "Column type changes"). Without it this
 * test fails. {@link StraddleDataSourceAutosaveOnPostgresTest}: the connections Straddle's
 * DataSource wrapper hands out have it.
 */
@ExtendWith(PostgresExtension.class)
class TypeChangePreparedStatementsOnPostgresTest {

  private static final List<String> QUERIES =
      List.of(
          "SELECT label, score FROM counters WHERE id = ?",
          "SELECT hits FROM counters WHERE id = ?",
          "SELECT id FROM visits WHERE id = ?");

  @Test
  void preparedStatementsInTransactionsSurviveEveryPhaseWithAutosaveConservative(TestDatabase db)
      throws Exception {
    Compilation compilation = TypeExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = TypeExamples.plan(compilation);
    db.execute(TypeExamples.setup(100));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    List<String> errors = new ArrayList<>();
    try (Connection connection = db.connectAsHead(0)) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      pg.setPrepareThreshold(1); // server-side prepared from the first execution
      pg.setAutosave(AutoSave.CONSERVATIVE);
      connection.setAutoCommit(false);
      runQueries(connection, "before", errors);
      straddle.expand(Backfill.DEFER);
      runQueries(connection, "after expand", errors);
      straddle.backfill();
      runQueries(connection, "after backfill", errors);
      straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
      runQueries(connection, "after contract", errors);
    }
    assertEquals(List.of(), errors);
  }

  private static void runQueries(Connection connection, String when, List<String> errors)
      throws SQLException {
    for (String sql : QUERIES) {
      for (int i = 0; i < 2; i++) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setInt(1, 1);
          try (ResultSet rows = statement.executeQuery()) {
            rows.next();
          }
          connection.commit();
        } catch (SQLException e) {
          errors.add(when + ": " + sql + ": " + e.getMessage());
          connection.rollback();
        }
      }
    }
  }
}
