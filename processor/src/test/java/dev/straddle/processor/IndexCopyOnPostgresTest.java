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
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plain indexes of a widened column across failures (docs/ARCHITECTURE.md, "Column type
 * changes"): an INVALID copy left by an interrupted build is dropped and built again; an index
 * created on the column after the backfill has no copy, and the contract refuses it by name,
 * changing nothing.
 */
@ExtendWith(PostgresExtension.class)
class IndexCopyOnPostgresTest {

  @Test
  void anInvalidLeftoverCopyIsRebuiltAndAnIndexWithoutCopyStopsTheContract(TestDatabase db)
      throws Exception {
    Compilation compilation = KeyExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = KeyExamples.plan(compilation);
    db.execute(KeyExamples.setup(200));
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();
    straddle.expand(Backfill.DEFER);

    // An interrupted build of the copy: a unique index on a column with duplicates fails
    // concurrently and leaves an INVALID index under the copy's name.
    String copy = text(db, "SELECT 'straddle_' || left(md5('order_lines_order_id_idx'), 16)");
    assertThrows(
        SQLException.class,
        () -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY " + copy + " ON order_lines (qty)"));
    assertEquals(
        "false",
        text(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = '" + copy + "'::regclass"));

    straddle.backfill();
    assertEquals(
        "CREATE INDEX " + copy + " ON public.order_lines USING btree (order_id_straddle_new)|true",
        text(
            db,
            "SELECT pg_get_indexdef(indexrelid) || '|' || indisvalid FROM pg_index"
                + " WHERE indexrelid = '"
                + copy
                + "'::regclass"),
        "the INVALID leftover was dropped and the copy built on the shadow");

    // An index created after the backfill has no copy: the swap would lose it.
    db.execute("CREATE INDEX late_idx ON order_lines (order_id, id)");
    StraddleException refused =
        assertThrows(
            StraddleException.class, () -> straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertTrue(
        String.valueOf(refused.getCause()).contains("late_idx")
            || refused.getMessage().contains("late_idx"),
        refused.getMessage() + " / " + refused.getCause());
    assertEquals(
        "integer", type(db, "order_lines", "order_id"), "the refused contract changed nothing");
    assertEquals("integer", type(db, "orders", "id"));
    assertEquals(
        "true",
        text(
            db,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'order_lines_order_id_idx'::regclass"));

    db.execute("DROP INDEX late_idx");
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("bigint", type(db, "order_lines", "order_id"));
    assertEquals(
        "CREATE INDEX order_lines_order_id_idx ON public.order_lines USING btree (order_id)|true",
        text(
            db,
            "SELECT pg_get_indexdef(indexrelid) || '|' || indisvalid FROM pg_index"
                + " WHERE indexrelid = 'order_lines_order_id_idx'::regclass"));
  }
}
