package dev.straddle.processor;

import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code @DropEnumValue} whose type a view uses (docs/ARCHITECTURE.md, "Enum types"): the
 * contract fails naming the view, and its transaction, data step included, rolls back; once the
 * view is gone the next contract removes the label.
 */
@ExtendWith(PostgresExtension.class)
class EnumContractRefusedOnPostgresTest {

  @Test
  void aContractThatCannotMoveTheTypeFailsAndChangesNothing(TestDatabase db) throws Exception {
    Straddle straddle = EnumsOnPostgresTest.expanded(getClass(), db);
    straddle.backfill();
    db.execute("CREATE VIEW job_statuses AS SELECT id, status FROM jobs");
    String before = EnumsOnPostgresTest.digest(db, "true");
    long cancelled = number(db, "SELECT count(*) FROM jobs WHERE status = 'cancelled'");

    StraddleException failed =
        assertThrows(
            StraddleException.class, () -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertTrue(failed.getMessage().contains("job_statuses"), failed.getMessage());
    assertEquals(
        "queued,running,paused,done,cancelled", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(before, EnumsOnPostgresTest.digest(db, "true"), "the data step rolled back");
    assertEquals(cancelled, number(db, "SELECT count(*) FROM jobs WHERE status = 'cancelled'"));
    assertEquals(
        "high",
        text(
            db,
            "SELECT string_agg(enumlabel, ',') FROM pg_enum"
                + " WHERE enumtypid = 'priority_level'::regtype AND enumlabel = 'high'"));

    db.execute("DROP VIEW job_statuses");
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("queued,running,paused,done", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(cancelled, number(db, "SELECT count(*) FROM jobs WHERE cancelled"));
  }
}
