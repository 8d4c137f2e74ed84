package dev.straddle.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mark of a migration that cannot be rolled back reads back as its reason, and only it. */
class IrreversibleTest {

  private static PlannedMigration withRollback(List<SqlStatement> rollback) {
    return new PlannedMigration(
        3, "d", "c", List.of(), List.of(), List.of(), List.of(), List.of(), rollback);
  }

  @Test
  void theReasonReadsBackThroughThePlanFormat() {
    SqlStatement mark = Irreversible.statement("it's raw: \"x\" % y");
    assertFalse(mark.transactional(), "outside a transaction, so it runs first");
    PlannedMigration planned = withRollback(List.of(mark));
    String[] literals = PlanCodec.literals(planned).toArray(new String[0]);
    PlannedMigration decoded = PlanCodec.decode(PlanCodec.FORMAT, literals).get(0);
    assertEquals("it's raw: \"x\" % y", Irreversible.reason(decoded).orElseThrow());
  }

  @Test
  void anOrdinaryRollbackIsNotMarked() {
    assertTrue(Irreversible.reason(withRollback(List.of())).isEmpty());
    assertTrue(
        Irreversible.reason(
                withRollback(
                    List.of(
                        SqlStatement.outsideTransaction(
                            "DO $straddle$ BEGIN RAISE EXCEPTION '%', 'mine'; END $straddle$"))))
            .isEmpty());
  }
}
