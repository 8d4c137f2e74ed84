package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.TypeChangesOnPostgresTest.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run that stops between the contract transaction of a referenced-key widening and the end of the
 * validation after it (docs/ARCHITECTURE.md, "Planner"): the transaction committed, and with it the
 * history's record that the validation is owed. Here the validation fails (a line whose order is
 * gone, written with the foreign keys' triggers off), which leaves the database exactly as a kill
 * at that point would: the next run finishes the validation before anything else, and only then is
 * the migration done.
 */
@ExtendWith(PostgresExtension.class)
class KeyWideningResumeOnPostgresTest {

  @Test
  void aRunStoppedAfterTheContractTransactionIsFinishedByTheNext(TestDatabase db) throws Exception {
    Compilation compilation = KeyExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = KeyExamples.plan(compilation);
    db.execute(KeyExamples.setup(200));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.RUN);
    // An orphan the old foreign key never saw (triggers off for this session, the sync trigger's
    // too: the shadow is written by hand).
    db.execute(
        "SET session_replication_role = replica;\n"
            + "INSERT INTO order_lines (id, order_id, qty, order_id_straddle_new)"
            + " VALUES (900001, 777777, 1, 777777);\n"
            + "RESET session_replication_role");

    StraddleException stopped =
        assertThrows(
            StraddleException.class, () -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(StraddleException.Kind.FAILED, stopped.kind());
    assertEquals(Integer.valueOf(1), stopped.migrationId());
    assertTrue(stopped.getMessage().contains("VALIDATE CONSTRAINT"), stopped.getMessage());
    assertTrue(
        stopped.getMessage().contains("the history records this statement as still owed"),
        stopped.getMessage());
    assertTrue(
        String.valueOf(stopped.getCause()).contains("order_lines_order_id_fkey"),
        String.valueOf(stopped.getCause()));
    // The swap committed; the foreign key is enforced for new rows, not validated yet.
    assertEquals("bigint", type(db, "orders", "id"));
    assertEquals("bigint", type(db, "order_lines", "order_id"));
    assertEquals(
        "contracted|true",
        text(db, "SELECT phase || '|' || contract_after_pending FROM straddle.straddle_history"));
    assertEquals("false", fkValid(db));

    // What the next run does, before anything else: the plan says so, then the run does it.
    db.execute("DELETE FROM order_lines WHERE id = 900001");
    String next = straddle.plan(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertTrue(
        next.contains(
            "-- migration 1 (Orders: bigint key and references): finish the contract (an earlier"
                + " run stopped after its transaction)\n-- outside a transaction, after it:\nDO"),
        next);
    RunResult finished = straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(List.of("1 contract-finished"), finished.stepTexts());
    assertEquals("true", fkValid(db));
    assertEquals(
        "contracted|false",
        text(db, "SELECT phase || '|' || contract_after_pending FROM straddle.straddle_history"));
    assertEquals(List.of(), straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE).stepTexts());
  }

  private static String fkValid(TestDatabase db) throws java.sql.SQLException {
    return text(
        db,
        "SELECT convalidated FROM pg_constraint WHERE conrelid = 'order_lines'::regclass"
            + " AND contype = 'f'");
  }
}
