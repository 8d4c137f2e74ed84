package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Volatile defaults (gen_random_uuid(), a sequence, clock_timestamp(), random()) through the
 * runner, on tables of {@value #ROWS} rows: expand changes only the catalog (no table gets a new
 * file, a concurrent reader is never held longer than the lock timeout plus the catalog change),
 * the backfill fills every pre-existing row (with {@code up}, else the default evaluated per row),
 * old code's writes in the window get the right values, and a renamed column keeps every value.
 */
@ExtendWith(PostgresExtension.class)
class VolatileDefaultsOnPostgresTest {

  static final int ROWS = 20_000;
  static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);

  /** Every value of each renamed column, in id order, as one digest. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "tokens", "token:public_token",
          "tickets", "number:ticket_number",
          "events", "seen_at:observed_at",
          "samples", "weight:score");

  @Test
  void expandOnlyChangesTheCatalogAndEveryValueIsKept(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = VolatileExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = VolatileExamples.plan(compilation);
    db.execute(VolatileExamples.setup(ROWS));
    Map<String, Long> filenodes = filenodes(db);
    Map<String, String> values = new LinkedHashMap<>();
    for (String table : VolatileExamples.TABLES) {
      values.put(table, digest(db, table, RENAMED.get(table).split(":")[0]));
    }
    Straddle straddle =
        Straddle.configure(plan).dataSource(db.dataSource()).lockTimeout(LOCK_TIMEOUT).load();

    // Expand, with a reader on every table the whole time.
    Reader reader = new Reader(db);
    reader.start();
    try {
      reader.awaitReads(20);
      straddle.expand(Backfill.DEFER);
      reader.awaitReads(reader.reads.get() + 20);
    } finally {
      reader.stop();
    }
    assertEquals(List.of(), reader.errors);
    assertTrue(
        reader.slowestMillis.get() <= LOCK_TIMEOUT.toMillis() + 1000,
        "a reader waited " + reader.slowestMillis.get() + " ms");
    assertEquals(filenodes, filenodes(db), "expand rewrote a table");
    assertEquals(
        0L, number(db, "SELECT count(*) FROM tokens WHERE created_at IS NULL"), "fast default");

    // Old code writes in the window: an insert, and an update of a row the backfill has not done.
    for (String table : VolatileExamples.TABLES) {
      write(db, 0, "INSERT INTO " + table + " (id) VALUES (" + (ROWS + 1) + ")");
      write(db, 0, "UPDATE " + table + " SET id = id WHERE id = 1");
    }

    RunResult backfill = straddle.backfill();
    // Migrations 1 to 4: every row that predates the expand, except the one old code updated (the
    // trigger did it). Migration 2's backfill runs through the trigger, since migration 5 is in
    // flight on the same table, so it also fills migration 5's column, and that leaves migration 5
    // no row to do.
    assertEquals(4L * (ROWS - 1), backfill.rowsBackfilled());
    assertEquals(
        String.format("1:%1$d 2:%1$d 3:%1$d 4:%1$d 5:0", ROWS - 1),
        text(
            db,
            "SELECT string_agg(id || ':' || backfill_rows, ' ' ORDER BY id)"
                + " FROM straddle.straddle_history"));
    assertEquals(filenodes, filenodes(db));
    checkFilled(db, "seen_at", "position");
    assertEquals(
        0L, number(db, "SELECT count(*) FROM tickets WHERE place IS DISTINCT FROM position"));
    String positions = digest(db, "tickets", "position");
    for (String table : VolatileExamples.TABLES) {
      String[] columns = RENAMED.get(table).split(":");
      assertEquals(
          0L,
          number(
              db,
              "SELECT count(*) FROM "
                  + table
                  + " WHERE "
                  + columns[1]
                  + " IS DISTINCT FROM "
                  + columns[0]),
          table + ": the renamed column holds the original's values");
    }

    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(filenodes, filenodes(db));
    for (String table : VolatileExamples.TABLES) {
      assertEquals(
          values.get(table),
          digest(db, table, RENAMED.get(table).split(":")[1]),
          table + ": every value of the renamed column is kept");
    }
    checkFilled(db, "observed_at", "place");
    assertEquals(positions, digest(db, "tickets", "place"), "the renamed serial keeps its numbers");
    assertEquals(
        "true,true,true",
        text(
            db,
            "SELECT string_agg(attnotnull::text, ',' ORDER BY attname) FROM pg_attribute"
                + " WHERE (attrelid, attname) IN (('tokens'::regclass, 'secret'),"
                + " ('tickets'::regclass, 'place'), ('events'::regclass, 'recorded_at'))"));
    // The sequence went with the renamed column; new rows still get the defaults.
    assertEquals(
        "public.tickets_number_seq",
        text(db, "SELECT pg_get_serial_sequence('tickets', 'ticket_number')"));
    assertEquals(
        "public.tickets_position_seq",
        text(db, "SELECT pg_get_serial_sequence('tickets', 'place')"));
    write(db, 5, "INSERT INTO tickets (id) VALUES (" + (ROWS + 2) + ")");
    assertNotNull(
        text(
            db, "SELECT ticket_number::text || place::text FROM tickets WHERE id = " + (ROWS + 2)));
    assertEquals(
        ROWS + 2L, number(db, "SELECT count(DISTINCT ticket_number) FROM tickets"), "no reuse");
  }

  /** The added columns after the backfill: a value per row, computed per row. */
  private static void checkFilled(TestDatabase db, String seenAt, String position)
      throws SQLException {
    long all = ROWS + 1;
    assertEquals(all, number(db, "SELECT count(DISTINCT secret) FROM tokens"), "one uuid per row");
    assertEquals(
        all, number(db, "SELECT count(DISTINCT " + position + ") FROM tickets"), "one number each");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM events WHERE recorded_at IS DISTINCT FROM"
                + " "
                + seenAt
                + " - interval '1 second'"),
        "up, not the default, for old rows and old code's rows");
    assertEquals(0L, number(db, "SELECT count(*) FROM samples WHERE jitter IS NULL"));
    assertTrue(
        number(db, "SELECT count(DISTINCT jitter) FROM samples") > ROWS / 2,
        "random() evaluated per row");
  }

  private static Map<String, Long> filenodes(TestDatabase db) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : VolatileExamples.TABLES) {
      out.put(table, number(db, "SELECT pg_relation_filenode('" + table + "')"));
    }
    return out;
  }

  private static String digest(TestDatabase db, String table, String column) throws SQLException {
    return text(
        db,
        "SELECT md5(string_agg(id || ':' || "
            + column
            + "::text, ',' ORDER BY id)) FROM "
            + table
            + " WHERE id <= "
            + ROWS);
  }

  /** Reads the tables one row at a time on its own connection, timing each query. */
  private static final class Reader {
    final TestDatabase db;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong slowestMillis = new AtomicLong();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Thread thread = new Thread(this::run, "reader");

    Reader(TestDatabase db) {
      this.db = db;
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join();
    }

    void awaitReads(long atLeast) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (reads.get() < atLeast && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(5);
      }
    }

    private void run() {
      try (Connection c = db.connect()) {
        while (!stop.get()) {
          for (String table : VolatileExamples.TABLES) {
            try (PreparedStatement s =
                c.prepareStatement("SELECT count(*) FROM " + table + " WHERE id = ?")) {
              s.setLong(1, ThreadLocalRandom.current().nextLong(1, ROWS + 1));
              long start = System.nanoTime();
              try (ResultSet rs = s.executeQuery()) {
                rs.next();
              }
              slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
              reads.incrementAndGet();
            }
          }
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }
  }
}
