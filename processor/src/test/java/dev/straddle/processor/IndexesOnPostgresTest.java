package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.straddle.processor.Db.number;
import static dev.straddle.processor.Db.text;
import static dev.straddle.processor.Db.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleException;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The index examples through the runner (docs/ARCHITECTURE.md, "Indexes"): release 1 builds an
 * index of every method (operator classes, {@code INCLUDE}, storage parameters, expressions, a
 * column the migration adds) while old code (head 0) and new code (head 1) write, and the catalog
 * shows each as declared; release 2 drops and renames legacy indexes at contract while heads 1 and
 * 2 write. A legacy index that is missing refuses the expand, changing nothing; a contract that
 * fails after its concurrent drops finishes on the next run.
 */
@ExtendWith(PostgresExtension.class)
class IndexesOnPostgresTest {

  static final int ACCOUNTS = 2_000;

  /** Every index of accounts as the catalog describes it, one line each. */
  private static final String INDEXES =
      "SELECT c.relname || ' ' || am.amname"
          + " || CASE WHEN i.indisunique THEN ' unique' ELSE '' END"
          + " || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END"
          + " || ' key=' || (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true) || ':'"
          + " || oc.opcname, ',' ORDER BY k) FROM generate_series(1, i.indnkeyatts) k"
          + " JOIN pg_opclass oc ON oc.oid = i.indclass[k - 1])"
          + " || coalesce(' include=' || (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true),"
          + " ',' ORDER BY k) FROM generate_series(i.indnkeyatts + 1, i.indnatts) k), '')"
          + " || coalesce(' with=' || array_to_string(c.reloptions, ','), '')"
          + " || coalesce(' where=' || pg_get_expr(i.indpred, i.indrelid), '')"
          + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
          + " JOIN pg_am am ON am.oid = c.relam"
          + " WHERE i.indrelid = 'accounts'::regclass ORDER BY c.relname";

  private static final List<String> LEGACY =
      List.of(
          "accounts_created_legacy_idx btree key=created_at:timestamptz_ops",
          "accounts_email_legacy_idx btree key=email:text_ops",
          "accounts_pkey btree unique key=id:int8_ops",
          "accounts_region_legacy_idx btree key=region:text_ops");

  private static final List<String> BUILT =
      List.of(
          "accounts_created_brin brin key=created_at:timestamptz_minmax_ops"
              + " with=pages_per_range=32,autosummarize=on",
          "accounts_email_hash hash key=email:text_ops with=fillfactor=80",
          "accounts_email_lower_key btree unique key=lower(email):text_pattern_ops",
          "accounts_location_gist gist key=location:point_ops include=region"
              + " with=buffering=auto",
          "accounts_nickname_idx btree key=region:text_ops,lower(nickname):text_pattern_ops",
          "accounts_profile_gin gin key=profile:jsonb_path_ops with=fastupdate=off");

  private static final String COVERING =
      " btree key=region:text_ops include=email with=fillfactor=70,deduplicate_items=off"
          + " where=(region IS NOT NULL)";

  /** The class shares one database: each test starts from no accounts and no history. */
  @BeforeEach
  void clean(TestDatabase db) throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE;"
            + " DROP TABLE IF EXISTS accounts CASCADE;"
            + " DROP TABLE IF EXISTS accounts_region_old_idx;"
            + " DROP FUNCTION IF EXISTS straddle_sync_accounts() CASCADE");
  }

  @Test
  void everyMethodIsBuiltAndTheLegacyIndexesGoAtContract(TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    db.execute(IndexExamples.setup(ACCOUNTS));
    Straddle release1 = straddle(db, IndexExamples.RELEASE1);

    release1.expand(Backfill.DEFER);
    // Old code (head 0) and new code (head 1) write while migration 1 is expanded.
    write(db, 0, "INSERT INTO accounts (id, email, region) VALUES (5001, 'Old@example.com', 'r1')");
    write(db, 1, "INSERT INTO accounts (id, email, nickname) VALUES (5002, 'new@x.org', 'Neo')");
    write(db, 0, "UPDATE accounts SET email = 'Renamed@example.com' WHERE id = 7");
    assertEquals(LEGACY, indexes(db), "nothing is built before the backfill");

    release1.backfill();
    List<String> afterBuild = new ArrayList<>(LEGACY);
    afterBuild.addAll(BUILT);
    afterBuild.add("accounts_region_covering" + COVERING);
    assertEquals(sorted(afterBuild), indexes(db));
    assertEquals(
        "Old,Neo,Renamed,User8",
        text(
            db,
            "SELECT string_agg(nickname, ',' ORDER BY array_position(ARRAY[5001, 5002, 7, 8],"
                + " id::int)) FROM accounts WHERE id IN (5001, 5002, 7, 8)"));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM accounts WHERE nickname IS DISTINCT FROM split_part(email, '@',"
                + " 1) AND id <> 5002"),
        "every other row's nickname is its email's local part");
    // The unique expression index holds for both releases from its build on.
    assertState(
        "23505", db, 0, "INSERT INTO accounts (id, email) VALUES (5003, 'OLD@example.com')");
    assertState("23505", db, 1, "INSERT INTO accounts (id, email) VALUES (5003, 'neW@x.org')");
    write(db, 0, "INSERT INTO accounts (id, email) VALUES (5003, 'third@example.com')");
    // The gin index serves containment queries (the planner is told not to scan the table).
    assertTrue(
        explain(db, "SELECT id FROM accounts WHERE profile @> '{\"plan\": \"pro\"}'")
            .contains("accounts_profile_gin"));
    assertEquals(
        ACCOUNTS / 10L,
        number(db, "SELECT count(*) FROM accounts WHERE profile @> '{\"plan\": \"pro\"}'"));

    release1.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("contracted", phases(db));
    assertEquals(List.of(), release1.verify(), "the @ExistingIndex is as declared");

    // Release 2: the legacy indexes stay until contract, for release 1's queries.
    Straddle release2 = straddle(db, IndexExamples.RELEASE2);
    release2.expand(Backfill.DEFER);
    release2.backfill();
    assertEquals(sorted(afterBuild), indexes(db));
    write(db, 1, "INSERT INTO accounts (id, email, region) VALUES (5004, 'four@x.org', 'r2')");
    write(db, 2, "INSERT INTO accounts (id, email, region) VALUES (5005, 'five@x.org', 'r2')");
    assertEquals(List.of(), release2.verify());

    release2.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("contracted contracted", phases(db));
    List<String> afterContract = new ArrayList<>(BUILT);
    afterContract.add("accounts_pkey btree unique key=id:int8_ops");
    afterContract.add("accounts_region_idx" + COVERING);
    afterContract.add("accounts_region_old_idx btree key=region:text_ops");
    assertEquals(sorted(afterContract), indexes(db));
    write(db, 2, "UPDATE accounts SET region = 'r3' WHERE id IN (5004, 5005)");
    assertEquals(ACCOUNTS + 5L, number(db, "SELECT count(*) FROM accounts"), "no row was lost");
    // The @ExistingIndex of a dropped index is not compared any more.
    assertEquals(List.of(), release2.verify());
  }

  @Test
  void aMissingLegacyIndexRefusesTheExpandAndChangesNothing(TestDatabase db) throws Exception {
    db.execute(IndexExamples.setup(100));
    release1(db);
    db.execute("DROP INDEX accounts_created_legacy_idx");
    db.execute("CREATE TABLE accounts_region_old_idx (id int)");
    Straddle release2 = straddle(db, IndexExamples.RELEASE2);

    List<String> verified = release2.verify().stream().map(Problem::toString).toList();
    assertTrue(
        verified.stream()
            .anyMatch(
                p ->
                    p.contains(
                        "index accounts_created_legacy_idx of table accounts does not exist")),
        verified.toString());
    assertTrue(
        verified.stream()
            .anyMatch(
                p ->
                    p.contains(
                        "a relation named accounts_region_old_idx (relkind 'r') already exists")),
        verified.toString());

    List<String> before = indexes(db);
    StraddleException refused = assertThrows(StraddleException.class, release2::expand);
    assertTrue(refused.getMessage().startsWith("[StraddleDrift]"), refused.getMessage());
    assertEquals(Integer.valueOf(2), refused.migrationId(), refused.getMessage());
    assertEquals("contracted", phases(db));
    assertEquals(before, indexes(db));
  }

  @Test
  void aDroppedLegacyIndexThatBacksAConstraintRefusesTheExpand(TestDatabase db) throws Exception {
    db.execute(IndexExamples.setup(100));
    release1(db);
    // Someone made the legacy email index a unique constraint's since the migrations were written.
    db.execute("DROP INDEX accounts_email_legacy_idx");
    db.execute(
        "CREATE UNIQUE INDEX accounts_email_legacy_idx ON accounts (email);"
            + " ALTER TABLE accounts ADD CONSTRAINT accounts_email_legacy_idx UNIQUE USING INDEX"
            + " accounts_email_legacy_idx");

    List<String> verified =
        straddle(db, IndexExamples.RELEASE1).verify().stream().map(Problem::toString).toList();
    assertTrue(
        verified.stream()
            .anyMatch(
                p ->
                    p.contains(
                        "baseline: index accounts_email_legacy_idx of table accounts is unique"
                            + " btree (email), declared as btree (email)")),
        verified.toString());
    StraddleException refused =
        assertThrows(StraddleException.class, straddle(db, IndexExamples.RELEASE2)::expand);
    assertTrue(
        refused
            .getMessage()
            .contains(
                "index accounts_email_legacy_idx of table accounts is the index of constraint"
                    + " accounts_email_legacy_idx"),
        refused.getMessage());
    assertEquals("contracted", phases(db));
  }

  @Test
  void aContractThatFailsAfterItsConcurrentDropsFinishesOnTheNextRun(TestDatabase db)
      throws Exception {
    db.execute(IndexExamples.setup(100));
    release1(db);
    Straddle release2 = straddle(db, IndexExamples.RELEASE2);
    release2.expand();
    // A drop interrupted after its first step leaves the index INVALID; the rerun drops it.
    db.execute(
        "UPDATE pg_index SET indisvalid = false"
            + " WHERE indexrelid = 'accounts_created_legacy_idx'::regclass");
    // The contract transaction's rename fails: the name it renames to was taken since expand.
    db.execute("CREATE TABLE accounts_region_old_idx (id int)");

    StraddleException failed =
        assertThrows(
            StraddleException.class,
            () -> release2.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE));
    assertEquals(Integer.valueOf(2), failed.migrationId(), failed.getMessage());
    assertTrue(
        failed.getMessage().contains("ALTER INDEX \"accounts_region_legacy_idx\""),
        failed.getMessage());
    assertEquals("contracted backfilled", phases(db));
    assertEquals(
        "accounts_region_covering accounts_region_legacy_idx",
        text(
            db,
            "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class"
                + " WHERE relname IN ('accounts_email_legacy_idx', 'accounts_created_legacy_idx',"
                + " 'accounts_region_legacy_idx', 'accounts_region_covering')"),
        "the concurrent drops ran before the transaction, which was rolled back");
    write(db, 1, "INSERT INTO accounts (id, email) VALUES (5001, 'one@x.org')");

    db.execute("DROP TABLE accounts_region_old_idx");
    release2.contractUpTo(2, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("contracted contracted", phases(db));
    assertEquals(
        "accounts_region_idx accounts_region_old_idx",
        text(
            db,
            "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class"
                + " WHERE relname LIKE 'accounts_region%' AND relkind = 'i'"));
    write(db, 2, "INSERT INTO accounts (id, email) VALUES (5002, 'two@x.org')");
    assertEquals(102L, number(db, "SELECT count(*) FROM accounts"));
  }

  /**
   * Migration 3 drops by its new name the index migration 2 renames at its contract: while 2 is not
   * contracted the name does not exist yet, and 3's expand goes ahead (PostgreSQL checks the name
   * at 3's contract, which runs after 2's).
   */
  @Test
  void anIndexRenamedByAMigrationInFlightMayBeDroppedByTheNext(TestDatabase db) throws Exception {
    db.execute(IndexExamples.setup(100));
    release1(db);
    straddle(db, IndexExamples.RELEASE2).expand();
    Straddle release3 = straddle(db, IndexExamples.RELEASE3);
    release3.expand();
    assertEquals("contracted backfilled backfilled", phases(db));
    assertEquals(
        1L, number(db, "SELECT count(*) FROM pg_class WHERE relname = 'accounts_region_covering'"));
    write(db, 1, "INSERT INTO accounts (id, email, region) VALUES (5001, 'one@x.org', 'r1')");
    write(db, 3, "INSERT INTO accounts (id, email, region) VALUES (5002, 'two@x.org', 'r1')");

    release3.contractUpTo(3, ContractPolicy.PREVIOUS_RELEASE_GONE);
    assertEquals("contracted contracted contracted", phases(db));
    assertEquals(
        0L,
        number(
            db,
            "SELECT count(*) FROM pg_class WHERE relname IN ('accounts_region_covering',"
                + " 'accounts_region_idx')"));
    assertEquals(102L, number(db, "SELECT count(*) FROM accounts"));
  }

  /** Release 1 migrated and contracted. */
  private static void release1(TestDatabase db) throws ReflectiveOperationException {
    Straddle release1 = straddle(db, IndexExamples.RELEASE1);
    release1.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
    release1.contractUpTo(1, ContractPolicy.PREVIOUS_RELEASE_GONE);
  }

  private static Straddle straddle(TestDatabase db, List<String> classes)
      throws ReflectiveOperationException {
    Compilation compilation = IndexExamples.compile(classes);
    assertThat(compilation).succeededWithoutWarnings();
    MigrationPlan plan = IndexExamples.plan(compilation);
    return Straddle.configure(plan).dataSource(db.dataSource()).load();
  }

  private static List<String> indexes(TestDatabase db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(INDEXES)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  private static String explain(TestDatabase db, String query) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET enable_seqscan = off");
      try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
        while (rows.next()) {
          out.append(rows.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static String phases(TestDatabase db) throws SQLException {
    return text(db, "SELECT string_agg(phase, ' ' ORDER BY id) FROM straddle.straddle_history");
  }

  /** The statement, written as code with {@code head}, fails with {@code sqlState}. */
  private static void assertState(String sqlState, TestDatabase db, int head, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> write(db, head, sql), sql);
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
  }
}
