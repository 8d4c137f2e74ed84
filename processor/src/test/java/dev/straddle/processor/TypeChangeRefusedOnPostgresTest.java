package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.TypeChangesOnPostgresTest.filenodes;
import static dev.straddle.processor.TypeChangesOnPostgresTest.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the in-place type change refuses at run time, where only the catalog can tell. */
@ExtendWith(PostgresExtension.class)
class TypeChangeRefusedOnPostgresTest {

  /**
   * The hardest case, an integer primary key other tables' foreign keys reference, is refused by
   * the guard at expand: the swap would drop the foreign key with the old column. The expand rolls
   * back, and the table keeps its shape.
   */
  @Test
  void aKeyThatForeignKeysReferenceIsRefusedAtExpand(TestDatabase db) throws Exception {
    Compilation compilation = TypeExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = TypeExamples.plan(compilation);
    db.execute(
        TypeExamples.setup(10)
            + ";\nCREATE TABLE visit_pages (id bigint PRIMARY KEY,"
            + " visit_id integer NOT NULL REFERENCES visits (id))");
    Map<String, Long> filenodes = filenodes(db);
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();

    StraddleException refused =
        assertThrows(StraddleException.class, () -> straddle.expand(Backfill.DEFER));
    String message = refused.getMessage() + " / " + refused.getCause();
    assertTrue(message.contains("migration 2"), message);
    assertTrue(message.contains("column \"visits\".id cannot change its type in place"), message);
    assertTrue(
        message.contains("constraint visit_pages_visit_id_fkey on table visit_pages"), message);
    assertEquals(filenodes, filenodes(db));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'visits'::regclass"
                + " AND attname = 'id_straddle_new'"),
        "the refused expand left nothing behind");
    assertEquals("integer", type(db, "visits", "id"));
  }
}
