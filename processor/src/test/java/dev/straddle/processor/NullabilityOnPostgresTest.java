package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.ContractPolicy;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @SetNotNull}, {@code @DropNotNull}, {@code @SetDefault}, {@code @DropDefault} and
 * {@code @Comment} ({@link NullabilityExamples}) through the runner on a table of {@value #ROWS}
 * rows, with both releases writing: old code (head 0) through expand and backfill and in the
 * window, new code (head 4) in the window and through contract. Old code writes NULL emails, leaves
 * {@code plan} to its default and reads the nicknames new code writes; new code writes NULL
 * nicknames and leaves {@code created_at} and {@code token} to their new defaults. No write fails,
 * old code never reads a NULL nickname, no row keeps a NULL email, and no statement rewrites the
 * table.
 */
@ExtendWith(PostgresExtension.class)
class NullabilityOnPostgresTest {

  static final int ROWS = 20_000;
  static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
  private static final int OLD = 0;
  private static final int NEW = 4;

  @Test
  void bothReleasesWriteThroughExpandBackfillAndContract(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    Compilation compilation = NullabilityExamples.compile();
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = NullabilityExamples.plan(compilation);
    db.execute(NullabilityExamples.setup(ROWS));
    long filenode = number(db, "SELECT pg_relation_filenode('accounts')");
    Straddle straddle =
        Straddle.configure(plan).dataSource(db.dataSource()).lockTimeout(LOCK_TIMEOUT).load();

    // Old code writes through expand and backfill.
    Writer old = new Writer(db, OLD);
    old.start();
    old.awaitWrites(50);
    straddle.expand();
    old.awaitWrites(old.writes.get() + 200);
    assertEquals(0L, number(db, "SELECT count(*) FROM accounts WHERE email IS NULL"), "backfilled");
    assertEquals(
        "false",
        text(
            db, "SELECT convalidated FROM pg_constraint WHERE conname = 'accounts_email_not_null'"),
        "the check stays NOT VALID until contract");

    // The window: both releases write.
    Writer fresh = new Writer(db, NEW);
    fresh.start();
    fresh.awaitWrites(200);
    old.awaitWrites(old.writes.get() + 200);
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM accounts WHERE nickname IS NULL"),
        "not before contract");
    old.stop();

    // The old release is gone; new code writes through contract and after it.
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    fresh.awaitWrites(fresh.writes.get() + 200);
    fresh.stop();

    assertEquals(List.of(), old.errors, "old code's writes and reads");
    assertEquals(List.of(), fresh.errors, "new code's writes");
    assertEquals(0L, old.nullNicknamesRead.get(), "old code read a NULL nickname");
    assertEquals(filenode, number(db, "SELECT pg_relation_filenode('accounts')"), "rewritten");

    // email: NOT NULL, every NULL replaced by up (old rows, old code's inserts and updates).
    assertEquals("true", attnotnull(db, "email"));
    assertEquals(
        0L,
        number(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'accounts_email_not_null'"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM accounts WHERE id <= "
                + ROWS
                + " AND email NOT IN ('a' || id || '@example.com', "
                + PLACEHOLDER
                + ")"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM accounts WHERE id <= "
                + ROWS
                + " AND id % 3 = 0 AND email <> "
                + PLACEHOLDER),
        "pre-existing NULLs get up");
    assertTrue(old.inserts.get() > 0 && old.nulled.get() > 0, "old code inserted and updated");
    assertEquals(
        old.inserts.get(),
        number(
            db,
            "SELECT count(*) FROM accounts WHERE nickname LIKE 'old%' AND email = " + PLACEHOLDER),
        "old code's inserts of NULL get up");

    // nickname: NULL allowed after contract; before, old code read "anonymous" instead.
    assertEquals("false", attnotnull(db, "nickname"));
    long anonymous = number(db, "SELECT count(*) FROM accounts WHERE nickname = 'anonymous'");
    long nulls = number(db, "SELECT count(*) FROM accounts WHERE nickname IS NULL");
    assertTrue(anonymous > 0, "new code's NULLs in the window");
    assertTrue(nulls > 0, "new code's NULLs after contract");
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM accounts WHERE (nickname IS NULL OR nickname = 'anonymous')"
                + " AND email NOT LIKE 'n%@example.com' AND id > "
                + ROWS),
        "only new code's rows");

    // Defaults: created_at and token for every row new code inserted, one token each; plan's is
    // gone, and old code's inserts had it until contract.
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM accounts WHERE plan = 'pro'"
                + " AND (created_at IS NULL OR token IS NULL)"));
    assertEquals(
        number(db, "SELECT count(*) FROM accounts WHERE plan = 'pro'"),
        number(db, "SELECT count(DISTINCT token) FROM accounts WHERE plan = 'pro'"),
        "gen_random_uuid() per row");
    assertEquals(
        old.inserts.get(),
        number(db, "SELECT count(*) FROM accounts WHERE nickname LIKE 'old%' AND plan = 'free'"));
    assertNull(
        text(
            db,
            "SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = 'accounts' AND column_name = 'plan'"));
    assertEquals(
        "now()",
        text(
            db,
            "SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = 'accounts' AND column_name = 'created_at'"));

    // Identity columns: numbered by PostgreSQL; ALWAYS refuses a value, BY DEFAULT takes one.
    Db.write(db, NEW, "INSERT INTO audit_entries (note) VALUES ('a'), ('b')");
    assertEquals(
        "1,2", text(db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM audit_entries"));
    SQLException always =
        org.junit.jupiter.api.Assertions.assertThrows(
            SQLException.class,
            () -> Db.write(db, NEW, "INSERT INTO audit_entries (id, note) VALUES (7, 'c')"));
    assertEquals("428C9", always.getSQLState(), always.getMessage());
    Db.write(db, NEW, "INSERT INTO audit_marks (id, mark) VALUES (100, 'given')");
    Db.write(db, NEW, "INSERT INTO audit_marks (mark) VALUES ('numbered')");
    assertEquals(
        "1:numbered,100:given",
        text(db, "SELECT string_agg(id || ':' || mark, ',' ORDER BY id) FROM audit_marks"));
    assertEquals(
        "a,d",
        text(
            db,
            "SELECT string_agg(attidentity::text, ',' ORDER BY attrelid::regclass::text)"
                + " FROM pg_attribute WHERE attname = 'id'"
                + " AND attrelid IN ('audit_entries'::regclass, 'audit_marks'::regclass)"));

    // Comments.
    assertEquals(
        "One row per customer's account",
        text(db, "SELECT obj_description('accounts'::regclass, 'pg_class')"));
    assertEquals(
        "Required since migration 1",
        text(
            db,
            "SELECT col_description('accounts'::regclass, attnum) FROM pg_attribute"
                + " WHERE attrelid = 'accounts'::regclass AND attname = 'email'"));
  }

  private static final String PLACEHOLDER = "'user' || id || '@example.invalid'";

  private static String attnotnull(TestDatabase db, String column) throws SQLException {
    return text(
        db,
        "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attname = '"
            + column
            + "'");
  }

  /**
   * Code of one release writing on its own connection until stopped. Old code (head 0) inserts rows
   * without email or plan, sets emails of existing rows to NULL and reads the newest rows'
   * nicknames; new code inserts rows without nickname, created_at or token and sets nicknames of
   * existing rows to NULL.
   */
  private static final class Writer {
    final TestDatabase db;
    final int head;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong inserts = new AtomicLong();
    final AtomicLong nulled = new AtomicLong();
    final AtomicLong nullNicknamesRead = new AtomicLong();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Thread thread;

    Writer(TestDatabase db, int head) {
      this.db = db;
      this.head = head;
      this.thread = new Thread(this::run, "writer-head-" + head);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join();
    }

    void awaitWrites(long atLeast) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (writes.get() < atLeast && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(5);
      }
      assertTrue(writes.get() >= atLeast, "head " + head + " wrote " + writes.get() + " " + errors);
    }

    private void run() {
      try (Connection c = db.connectAsHead(head)) {
        for (long n = 1; !stop.get(); n++) {
          if (head == OLD) {
            oldCode(c, n);
          } else {
            newCode(c, n);
          }
          writes.incrementAndGet();
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }

    private void oldCode(Connection c, long n) throws SQLException {
      if (n % 2 == 0) {
        update(c, "UPDATE accounts SET email = NULL WHERE id = ?");
        nulled.incrementAndGet();
      } else {
        try (PreparedStatement s =
            c.prepareStatement("INSERT INTO accounts (email, nickname) VALUES (NULL, ?)")) {
          s.setString(1, "old" + n);
          s.executeUpdate();
        }
        inserts.incrementAndGet();
      }
      try (PreparedStatement s =
              c.prepareStatement("SELECT nickname FROM accounts ORDER BY id DESC LIMIT 20");
          ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1) == null) {
            nullNicknamesRead.incrementAndGet();
          }
        }
      }
    }

    private void newCode(Connection c, long n) throws SQLException {
      if (n % 2 == 0) {
        update(c, "UPDATE accounts SET nickname = NULL WHERE id = ?");
      } else {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO accounts (email, nickname, plan) VALUES (?, NULL, 'pro')")) {
          s.setString(1, "n" + n + "@example.com");
          s.executeUpdate();
        }
        inserts.incrementAndGet();
      }
    }

    private static void update(Connection c, String sql) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, ThreadLocalRandom.current().nextLong(1, ROWS + 1));
        s.executeUpdate();
      }
    }
  }
}
