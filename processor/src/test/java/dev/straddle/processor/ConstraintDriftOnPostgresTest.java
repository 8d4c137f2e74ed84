package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: the constraint facts the processor emits reach the runner's drift check. A constraint
 * made by hand with the name a migration adds, or the removal by hand of one a migration drops, is
 * listed by {@code verify} and refuses the run before it changes anything.
 */
@ExtendWith(PostgresExtension.class)
class ConstraintDriftOnPostgresTest {

  @Test
  void verifySeesAHandMadeConstraintThatTakesTheNameOfOneToAdd(TestDatabase db) throws Exception {
    db.execute(ConstraintExamples.setup(20));
    db.execute("ALTER TABLE orders ADD CONSTRAINT orders_customer_fk CHECK (customer_id > 0)");
    String before = constraints(db);
    Straddle release1 = straddle(db, ConstraintExamples.RELEASE1);

    List<Problem> problems = release1.verify();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(ErrorCode.DRIFT, problems.get(0).code());
    assertEquals(
        "migration 1 (pending): constraint orders_customer_fk on table orders already exists (a"
            + " check)",
        problems.get(0).text());
    // Before, the expand failed part-way on PostgreSQL's "already exists"; now it is refused.
    StraddleException refused =
        assertThrows(
            StraddleException.class, () -> release1.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(refused.getMessage().contains("orders_customer_fk"), refused.getMessage());
    assertNull(text(db, "SELECT to_regnamespace('straddle')::text"), "nothing was written");
    assertEquals(before, constraints(db));

    db.execute("ALTER TABLE orders DROP CONSTRAINT orders_customer_fk");
    assertEquals(List.of(), release1.verify());
    release1.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);

    // Migration 3 drops orders_customer_fk at its contract: dropped by hand, it is drift.
    db.execute("ALTER TABLE orders DROP CONSTRAINT orders_customer_fk");
    List<Problem> release2 = straddle(db, ConstraintExamples.RELEASE2).verify();
    assertEquals(1, release2.size(), release2.toString());
    assertEquals(
        "migration 3 (pending): constraint orders_customer_fk on table orders does not exist",
        release2.get(0).text());
  }

  private static Straddle straddle(TestDatabase db, List<String> classes)
      throws ReflectiveOperationException {
    Compilation compilation = ConstraintExamples.compile(classes);
    assertThat(compilation).succeededWithoutWarnings();
    return Straddle.configure(ConstraintExamples.plan(compilation))
        .dataSource(db.dataSource())
        .load();
  }

  private static String constraints(TestDatabase db) throws SQLException {
    return text(
        db,
        "SELECT string_agg(conrelid::regclass || '.' || conname, ' ' ORDER BY 1)"
            + " FROM pg_constraint WHERE conrelid::regclass::text IN ('orders', 'customers')");
  }
}
