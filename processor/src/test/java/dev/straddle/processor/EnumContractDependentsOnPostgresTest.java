package dev.straddle.processor;

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
 * A {@code @DropEnumValue} whose column a view reads (in its {@code WHERE}, not as a column of the
 * type) or a row security policy names (docs/ARCHITECTURE.md, "Enum types"): {@code ALTER COLUMN
 * ... TYPE} cannot carry those along, so the contract refuses before changing anything, naming the
 * object, and rolls back; once it is gone the contract removes the label.
 */
@ExtendWith(PostgresExtension.class)
class EnumContractDependentsOnPostgresTest {

  @Test
  void aViewOrPolicyReadingTheColumnIsRefusedNamedAndNothingChanges(TestDatabase db)
      throws Exception {
    Straddle straddle = EnumTriggersOnPostgresTest.expanded(getClass(), db);
    straddle.backfill();
    String before = EnumsOnPostgresTest.digest(db, "true");

    db.execute("CREATE VIEW finished_jobs AS SELECT id FROM jobs WHERE status = 'done'");
    StraddleException view =
        assertThrows(
            StraddleException.class, () -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertTrue(view.getMessage().contains("view finished_jobs"), view.getMessage());
    db.execute("DROP VIEW finished_jobs");

    db.execute(
        "ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;"
            + " CREATE POLICY unfinished ON jobs USING (status <> 'done')");
    StraddleException policy =
        assertThrows(
            StraddleException.class, () -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertTrue(policy.getMessage().contains("policy unfinished"), policy.getMessage());
    assertEquals("queued,running,done,failed", EnumsOnPostgresTest.labels(db, "job_status"));
    assertEquals(before, EnumsOnPostgresTest.digest(db, "true"), "the data step rolled back");

    db.execute("DROP POLICY unfinished ON jobs; ALTER TABLE jobs DISABLE ROW LEVEL SECURITY");
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("queued,running,done", EnumsOnPostgresTest.labels(db, "job_status"));
  }
}
