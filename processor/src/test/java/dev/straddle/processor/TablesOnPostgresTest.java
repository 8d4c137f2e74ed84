package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Registration;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGStatement;

/**
 * Table renames and drops, replica identities and raw SQL through the runner while old code (head
 * 0, then head 2) and new code write (docs/ARCHITECTURE.md, "Tables", "Replica identity", "Raw
 * SQL"): release 1 ships migrations 1 and 2 over a baseline of {@value #ORDERS} orders, release 2
 * ships migration 3. Old code keeps writing {@code orders} through the view of its old name
 * (defaults, sequence, RETURNING, ON CONFLICT on columns, a server-prepared statement prepared
 * before the rename), new code writes {@code purchases}; every row is checked, and after contract
 * only the new name is left.
 */
@ExtendWith(PostgresExtension.class)
class TablesOnPostgresTest {

  static final int ORDERS = 1_000;

  @Test
  void oldCodeWritesTheOldNameNewCodeTheNewOneUntilContract(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    reset(db);
    db.execute(TableExamples.setup(ORDERS));
    db.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tables_app') THEN"
            + " CREATE ROLE tables_app; END IF; END $$");
    db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO tables_app");
    Straddle release1 = straddle(db, TableExamples.RELEASE1);

    try (Connection old = db.connectAsHead(0);
        PreparedStatement insert =
            old.prepareStatement("INSERT INTO orders (item) VALUES (?) RETURNING id, qty")) {
      insert.unwrap(PGStatement.class).setPrepareThreshold(1);
      assertEquals(1, insertOne(insert, "before"), "the table's default");
      assertEquals(1, insertOne(insert, "before"));

      release1.expand(Backfill.DEFER);
      assertEquals(
          "v r",
          text(
              db,
              "SELECT relkind::text || ' ' || (SELECT relkind::text FROM pg_class"
                  + " WHERE relname = 'purchases') FROM pg_class WHERE relname = 'orders'"));
      assertEquals(
          "true false",
          text(
              db,
              "SELECT has_table_privilege('tables_app', 'orders', 'INSERT') || ' '"
                  + " || has_table_privilege('tables_app', 'orders', 'TRUNCATE')"),
          "the view has the table's grants");
      assertEquals(
          "i customers_pkey",
          text(
              db,
              "SELECT c.relreplident::text || ' ' || i.indexrelid::regclass::text FROM pg_class c"
                  + " JOIN pg_index i ON i.indrelid = c.oid AND i.indisreplident"
                  + " WHERE c.relname = 'customers'"));

      // The statement prepared on the table before the rename now goes through the view.
      assertEquals(1, insertOne(insert, "prepared"));
    }
    // Old code (head 0) writes the old name: defaults, the sequence, RETURNING, ON CONFLICT on
    // columns, updates and deletes reach the table, and the sync trigger gives its rows a total.
    write(db, 0, "INSERT INTO orders (item, qty) VALUES ('old-a', DEFAULT), ('old-b', 4)");
    write(db, 0, "INSERT INTO orders (item, code) VALUES ('old-c', 'c1')");
    write(
        db,
        0,
        "INSERT INTO orders (item, code) VALUES ('old-c', 'c1')"
            + " ON CONFLICT (code) DO UPDATE SET qty = orders.qty + 1");
    write(db, 0, "UPDATE orders SET qty = 3 WHERE id = 1");
    write(db, 0, "DELETE FROM orders WHERE id = 2");
    assertEquals(
        "1:10 4:40 2:20",
        text(
            db,
            "SELECT string_agg(qty || ':' || total, ' ' ORDER BY id) FROM purchases"
                + " WHERE item IN ('old-a', 'old-b', 'old-c')"));
    assertEquals("3:30", text(db, "SELECT qty || ':' || total FROM purchases WHERE id = 1"));
    assertEquals(
        "id,item,qty,code",
        text(
            db,
            "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute"
                + " WHERE attrelid = 'orders'::regclass AND attnum > 0"),
        "old code sees its own shape");
    long seq = number(db, "SELECT last_value FROM orders_id_seq");
    // New code (head 2) writes the new name.
    write(db, 2, "INSERT INTO purchases (item, qty, total) VALUES ('new-a', 2, 7)");
    write(db, 2, "UPDATE purchases SET total = 8 WHERE item = 'new-a'");
    assertEquals(seq + 1, number(db, "SELECT id FROM purchases WHERE item = 'new-a'"));
    assertEquals(8L, number(db, "SELECT total FROM purchases WHERE item = 'new-a'"));
    // What old code cannot do through the view (README, limits).
    assertState("42809", db, 0, "TRUNCATE orders");
    assertState(
        "42704",
        db,
        0,
        "INSERT INTO orders (item, code) VALUES ('x', 'c1') ON CONFLICT ON CONSTRAINT"
            + " orders_code_key DO NOTHING");

    release1.backfill();
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM purchases WHERE total IS DISTINCT FROM qty * 10"
                + " AND item <> 'new-a'"),
        "every row is backfilled");
    long rows = number(db, "SELECT count(*) FROM purchases");
    assertEquals(ORDERS + 2 + 1 + 3 - 1 + 1, rows);

    release1.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals(null, text(db, "SELECT to_regclass('orders')::text"));
    assertState("42P01", db, 2, "SELECT count(*) FROM orders");
    assertEquals(rows, number(db, "SELECT count(*) FROM purchases"), "no row lost");
    write(db, 2, "INSERT INTO purchases (item) VALUES ('after')");

    // Release 2: raw SQL in every slot, and the legacy notes dropped at contract only once no
    // instance of release 1 (head 2) is alive.
    Straddle release2 = straddle(db, TableExamples.RELEASE2);
    release2.expand();
    assertEquals("true", text(db, "SELECT to_regclass('purchases_lower_item_idx') IS NOT NULL"));
    assertEquals(1L, number(db, "SELECT n FROM purchase_counts WHERE item = 'old-c'"));
    assertEquals("true", text(db, "SELECT to_regclass('legacy_notes') IS NOT NULL"));
    try (Registration running =
        Straddle.configure(release1.migrationPlan())
            .dataSource(db.dataSource())
            .heartbeatEvery(Duration.ofMillis(200))
            .application("release-1")
            .shutdownHook(false)
            .load()
            .instanceRegistry()
            .register()) {
      StraddleException refused = assertThrows(StraddleException.class, release2::contract);
      assertEquals(ErrorCode.CONTRACT_NEEDED, refused.code(), refused.getMessage());
      assertEquals("true", text(db, "SELECT to_regclass('legacy_notes') IS NOT NULL"));
      assertEquals(1L, number(db, "SELECT count(*) FROM legacy_notes"));
      write(db, 2, "INSERT INTO legacy_notes VALUES (2, 'still used')");
    }
    release2.contract();
    assertEquals(null, text(db, "SELECT to_regclass('legacy_notes')::text"));
    assertEquals(null, text(db, "SELECT to_regclass('orders_item_idx')::text"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM purchases WHERE code IS DISTINCT FROM 'old-' || id"
                + " AND code <> 'c1'"),
        "the data step filled every code");
    write(db, 3, "INSERT INTO purchases (item) VALUES ('latest')");
    assertEquals("new", text(db, "SELECT code FROM purchases WHERE item = 'latest'"));
    assertEquals(List.of(), release2.verify(), "the baseline's old names are not drift");
  }

  /**
   * A rename waits for the earlier migrations of its table: pending in the same run, the run is
   * refused before it changes anything; in flight, the rename's expand is refused until they are
   * contracted.
   */
  @Test
  void aRenameWaitsForEarlierMigrationsOfItsTable(TestDatabase db) throws Exception {
    reset(db);
    db.execute(TableExamples.setup(100));
    String add =
        "package t;\nimport dev.straddle.dsl.*;\n"
            + "@Migration(id = 1, description = \"total\")\n"
            + "@AddColumn(table = \"orders\", column = \"total\", type = \"integer\","
            + " up = \"qty * 10\")\nclass AddTotal {}\n";
    String rename =
        "package t;\nimport dev.straddle.dsl.*;\n"
            + "@Migration(id = 2, description = \"rename\")\n"
            + "@RenameTable(from = \"orders\", to = \"purchases\")\nclass Rename {}\n";
    Straddle both = straddle(db, add, rename);
    StraddleException refused = assertThrows(StraddleException.class, both::expand);
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertEquals(Integer.valueOf(2), refused.migrationId(), refused.getMessage());
    assertTrue(refused.getMessage().contains("migration 1 (pending"), refused.getMessage());
    assertEquals(null, text(db, "SELECT to_regclass('straddle.straddle_history')::text"));
    assertEquals(null, text(db, "SELECT to_regclass('purchases')::text"));

    straddle(db, add).expand();
    refused = assertThrows(StraddleException.class, both::expand);
    assertEquals(StraddleException.Kind.REFUSED, refused.kind());
    assertTrue(
        refused.getMessage().contains("migration 1 (in flight when it expands) uses table"),
        refused.getMessage());
    assertEquals("r", text(db, "SELECT relkind FROM pg_class WHERE relname = 'orders'"));
    assertTrue(both.plan().contains("-- REFUSED"), "plan prints the refusal");

    both.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE);
    both.expand();
    assertEquals("v", text(db, "SELECT relkind FROM pg_class WHERE relname = 'orders'"));
    assertEquals(0L, number(db, "SELECT count(*) FROM orders WHERE total <> qty * 10"));
  }

  /**
   * Raw SQL runs under the runner's lock timeout and retries, and its declared tables under the
   * expand's rewrite guard: a statement that waits for a lock longer than the retry budget fails
   * the expand, which changes nothing, and succeeds once the lock is released; a statement that
   * rewrites a declared table fails the expand, rolled back.
   */
  @Test
  void rawSqlRunsUnderTheLockTimeoutRetriesAndRewriteGuard(TestDatabase db) throws Exception {
    reset(db);
    db.execute(TableExamples.setup(100));
    String add =
        "package t;\nimport dev.straddle.dsl.*;\n"
            + "@Migration(id = 1, description = \"note\")\n"
            + "@RawSql(expand = \"ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text\","
            + " locks = \"orders\")\nclass AddNote {}\n";
    Straddle impatient =
        Straddle.configure(straddle(db, add).migrationPlan())
            .dataSource(db.dataSource())
            .lockTimeout(Duration.ofMillis(50))
            .retryBudget(Duration.ofMillis(400))
            .load();
    try (Connection reader = db.connect()) {
      reader.setAutoCommit(false);
      reader.createStatement().execute("SELECT count(*) FROM orders"); // holds ACCESS SHARE
      StraddleException timedOut = assertThrows(StraddleException.class, impatient::expand);
      assertEquals(ErrorCode.LOCK_TIMEOUT, timedOut.code(), timedOut.getMessage());
      assertTrue(timedOut.getMessage().contains("ADD COLUMN IF NOT EXISTS note"));
      reader.rollback();
    }
    assertEquals(0L, number(db, "SELECT count(*) FROM straddle.straddle_history"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attname = 'note'"
                + " AND attrelid = 'orders'::regclass"));
    impatient.expand();
    assertEquals(
        1L,
        number(
            db,
            "SELECT count(*) FROM pg_attribute WHERE attname = 'note'"
                + " AND attrelid = 'orders'::regclass"));

    String rewrite =
        "package t;\nimport dev.straddle.dsl.*;\n"
            + "@Migration(id = 2, description = \"widen\")\n"
            + "@RawSql(expand = \"ALTER TABLE orders ALTER COLUMN qty TYPE bigint\","
            + " locks = \"orders\")\nclass Widen {}\n";
    StraddleException rewritten =
        assertThrows(StraddleException.class, () -> straddle(db, add, rewrite).expand());
    assertEquals(ErrorCode.TABLE_REWRITE, rewritten.code(), rewritten.getMessage());
    assertEquals(Integer.valueOf(2), rewritten.migrationId());
    assertEquals(
        "integer",
        text(
            db,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'orders'::regclass AND attname = 'qty'"));
  }

  /**
   * {@code REPLICA IDENTITY NOTHING} on a table a publication replicates the updates of would fail
   * every update of both releases: the expand is refused and rolled back; without the publication
   * it applies.
   */
  @Test
  void noReplicaIdentityOnAPublishedTableIsRefused(TestDatabase db) throws Exception {
    reset(db);
    db.execute(TableExamples.setup(10));
    db.execute("CREATE PUBLICATION tables_pub FOR TABLE customers");
    String nothing =
        "package t;\nimport dev.straddle.dsl.*;\n"
            + "@Migration(id = 1, description = \"nothing\")\n"
            + "@ReplicaIdentity(table = \"customers\", value = ReplicaIdentity.Identity.NOTHING)\n"
            + "class Nothing {}\n";
    Straddle straddle = straddle(db, nothing);
    StraddleException refused = assertThrows(StraddleException.class, straddle::expand);
    assertEquals(ErrorCode.STATEMENT_FAILED, refused.code(), refused.getMessage());
    assertTrue(refused.getMessage().contains("in a publication"), refused.getMessage());
    assertEquals("d", text(db, "SELECT relreplident FROM pg_class WHERE relname = 'customers'"));
    write(db, 0, "UPDATE customers SET email = 'b@example.com' WHERE id = 1");

    db.execute("DROP PUBLICATION tables_pub");
    straddle.expand();
    assertEquals("n", text(db, "SELECT relreplident FROM pg_class WHERE relname = 'customers'"));
  }

  /** The tests share a database: each starts from an empty one. */
  private static void reset(TestDatabase db) throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  }

  private static int insertOne(PreparedStatement insert, String item) throws SQLException {
    insert.setString(1, item);
    try (ResultSet rs = insert.executeQuery()) {
      assertTrue(rs.next());
      return rs.getInt(2);
    }
  }

  private static Straddle straddle(TestDatabase db, List<String> classes)
      throws ReflectiveOperationException {
    Compilation compilation = TableExamples.compile(classes);
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = TableExamples.plan(compilation);
    return Straddle.configure(plan).dataSource(db.dataSource()).load();
  }

  /** Compiles migrations of package {@code t} over the examples' baseline. */
  private static Straddle straddle(TestDatabase db, String... sources)
      throws ReflectiveOperationException {
    List<JavaFileObject> files = new ArrayList<>();
    files.add(JavaFileObjects.forResource("tables/com/example/tables/Baseline.java"));
    for (String source : sources) {
      String type = source.substring(source.lastIndexOf("class ") + 6, source.lastIndexOf(" {"));
      files.add(JavaFileObjects.forSourceString("t." + type, source));
    }
    Compilation compilation =
        Compiler.javac().withProcessors(new StraddleProcessor()).compile(files);
    assertThat(compilation).succeeded();
    return Straddle.configure(
            (MigrationPlan)
                ProcedureExamples.load(compilation, "t.StraddlePlan")
                    .getConstructor()
                    .newInstance())
        .dataSource(db.dataSource())
        .load();
  }

  /** The statement, written as code with {@code head}, fails with {@code sqlState}. */
  private static void assertState(String sqlState, TestDatabase db, int head, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> write(db, head, sql), sql);
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
  }
}
