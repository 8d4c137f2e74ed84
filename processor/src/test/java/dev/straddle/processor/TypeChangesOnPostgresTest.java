package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Column type changes through the runner (docs/ARCHITECTURE.md, "Column type changes"), on tables
 * of {@value #ROWS} rows: old code (head 0) and new code (head 2) insert, update and delete through
 * expand → backfill → contract while {@code counters.hits} (NOT NULL, a default) and the serial
 * primary key {@code visits.id} become {@code bigint} and {@code counters.label}/{@code score}
 * widen in the catalog. No phase rewrites a table, and every row keeps its values.
 */
@ExtendWith(PostgresExtension.class)
class TypeChangesOnPostgresTest {

  static final int ROWS = 5_000;
  static final int NEW_HEAD = 2;

  @Test
  void oldAndNewCodeWriteThroughTheWideningAndEveryValueIsKept(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = TypeExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = TypeExamples.plan(compilation);
    db.execute(TypeExamples.setup(ROWS));
    Map<String, Long> filenodes = filenodes(db);
    Straddle straddle = Straddle.configure(plan).dataSource(db.dataSource()).load();

    straddle.expand(Backfill.DEFER);
    assertEquals(filenodes, filenodes(db), "expand rewrote a table");
    assertEquals("character varying(100)", type(db, "counters", "label"));
    assertEquals("numeric(12,2)", type(db, "counters", "score"));
    assertEquals("integer", type(db, "counters", "hits"), "widened at contract, not before");

    // Both releases write in the window, each to rows the backfill has not reached yet.
    write(db, 0, "INSERT INTO counters (id, hits) VALUES (" + (ROWS + 1) + ", 11)");
    write(db, 0, "INSERT INTO counters (id) VALUES (" + (ROWS + 2) + ")");
    write(
        db,
        NEW_HEAD,
        "INSERT INTO counters (id, hits, label) VALUES (" + (ROWS + 3) + ", 33, repeat('x', 100))");
    write(db, 0, "UPDATE counters SET hits = hits + 1 WHERE id = 1");
    write(db, NEW_HEAD, "UPDATE counters SET hits = hits + 2 WHERE id = 2");
    write(db, NEW_HEAD, "DELETE FROM counters WHERE id = 4");
    write(db, 0, "INSERT INTO visits (note) VALUES ('old code')");
    write(db, NEW_HEAD, "INSERT INTO visits (note) VALUES ('new code')");
    write(db, 0, "UPDATE visits SET note = 'updated by old code' WHERE id = 1");
    write(db, NEW_HEAD, "DELETE FROM visits WHERE id = 3");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM counters WHERE id IN (1, 2, "
                + (ROWS + 1)
                + ", "
                + (ROWS + 2)
                + ", "
                + (ROWS + 3)
                + ") AND hits_straddle_new IS DISTINCT FROM hits"),
        "the sync trigger copies every writer's value");

    straddle.backfill();
    assertEquals(filenodes, filenodes(db), "the backfill rewrote a table");
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM counters WHERE hits_straddle_new IS DISTINCT FROM hits"));
    assertEquals(
        0L, number(db, "SELECT count(*) FROM visits WHERE id_straddle_new IS DISTINCT FROM id"));
    write(db, 0, "UPDATE counters SET hits = 5 WHERE id = 3");
    String hits = digest(db, "counters", "hits");
    String notes = digest(db, "visits", "note");
    assertEquals(ROWS + 2L, number(db, "SELECT count(*) FROM counters"));

    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(filenodes, filenodes(db), "contract rewrote a table");
    assertEquals("bigint", type(db, "counters", "hits"));
    assertEquals("bigint", type(db, "visits", "id"));
    assertEquals(hits, digest(db, "counters", "hits"), "every value of hits is kept");
    assertEquals(notes, digest(db, "visits", "note"), "every visit keeps its id");
    assertEquals(
        "true,true",
        text(
            db,
            "SELECT string_agg(attnotnull::text, ',' ORDER BY attrelid) FROM pg_attribute"
                + " WHERE (attrelid, attname) IN (('counters'::regclass, 'hits'),"
                + " ('visits'::regclass, 'id'))"));
    assertEquals(
        "PRIMARY KEY (id)",
        text(
            db,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = 'visits'::regclass AND contype = 'p'"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attname LIKE '%straddle\\_new'"
                + " AND attrelid IN ('counters'::regclass, 'visits'::regclass)"
                + " AND NOT attisdropped"),
        "no shadow column is left");
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%straddle\\_new%'"),
        "no check is left");

    // New code writes what only the new type holds; the default and the sequence moved over.
    write(db, NEW_HEAD, "INSERT INTO counters (id, hits) VALUES (" + (ROWS + 4) + ", 3000000000)");
    write(db, NEW_HEAD, "INSERT INTO counters (id) VALUES (" + (ROWS + 5) + ")");
    assertEquals(0L, number(db, "SELECT hits FROM counters WHERE id = " + (ROWS + 5)));
    assertEquals("public.visits_id_seq", text(db, "SELECT pg_get_serial_sequence('visits', 'id')"));
    write(db, NEW_HEAD, "SELECT setval('visits_id_seq', 3000000000)");
    write(db, NEW_HEAD, "INSERT INTO visits (note) VALUES ('past the integer range')");
    assertEquals(
        3000000001L, number(db, "SELECT id FROM visits WHERE note = 'past the integer range'"));
  }

  static String type(TestDatabase db, String table, String column) throws SQLException {
    return text(
        db,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
            + table
            + "'::regclass AND attname = '"
            + column
            + "' AND NOT attisdropped");
  }

  static Map<String, Long> filenodes(TestDatabase db) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : TypeExamples.TABLES) {
      out.put(table, number(db, "SELECT pg_relation_filenode('" + table + "')"));
    }
    return out;
  }

  /** Every row's id and {@code column}, in id order, as one digest. */
  private static String digest(TestDatabase db, String table, String column) throws SQLException {
    return text(
        db,
        "SELECT md5(string_agg(id || ':' || coalesce("
            + column
            + "::text, ''), ',' ORDER BY id)) FROM "
            + table);
  }
}
