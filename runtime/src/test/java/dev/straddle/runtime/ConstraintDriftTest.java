package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.runtime.cli.StraddleCli;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: the drift check compares the constraints a migration relies on with the live catalog
 * before its expand (a name it adds is free, one it drops or renames exists, a foreign key's
 * referenced columns are a key) and refuses a run that would fail part-way, changing nothing;
 * {@code verify} lists the same. Plans are built by hand as the processor renders them.
 */
@ExtendWith(PostgresExtension.class)
class ConstraintDriftTest {

  static final String S = "hist_cdrift";
  final TestDatabase db;

  ConstraintDriftTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void clean() throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS "
            + S
            + " CASCADE; DROP TABLE IF EXISTS cd_orders, cd_lanes CASCADE;"
            + " CREATE TABLE cd_lanes (id bigint PRIMARY KEY, region text, name text);"
            + " CREATE TABLE cd_orders (id bigint PRIMARY KEY, qty integer, region text,"
            + " lane text)");
  }

  CliRun cli(MigrationPlan plan, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user(), "--schema", S));
    return CliRun.run(plan, Map.of(), all.toArray(String[]::new));
  }

  /** Schemas and the constraints of the test's tables: what a run could write. */
  String snapshot() throws SQLException {
    return Snapshot.of(
        db,
        List.of(
            "SELECT nspname FROM pg_namespace ORDER BY 1",
            "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE conrelid::regclass::text LIKE 'cd_%' ORDER BY 1"));
  }

  static PlannedMigration migration(
      int id, List<String> expand, List<String> contract, SchemaExpectation... facts) {
    return new PlannedMigration(
        id,
        "constraint drift " + id,
        "sha-cd-" + id,
        expand.stream().map(SqlStatement::inTransaction).toList(),
        contract.stream().map(SqlStatement::inTransaction).toList(),
        List.of(),
        List.of(facts));
  }

  /** As the processor renders {@code @AddCheck} on an existing table. */
  static PlannedMigration addCheck(int id) {
    return migration(
        id,
        List.of(
            "ALTER TABLE \"cd_orders\" ADD CONSTRAINT \"cd_orders_qty_check\" CHECK (qty >= 0)"
                + " NOT VALID"),
        List.of("ALTER TABLE \"cd_orders\" VALIDATE CONSTRAINT \"cd_orders_qty_check\""),
        SchemaExpectation.tableExists("cd_orders"),
        SchemaExpectation.constraintAbsent("cd_orders", "cd_orders_qty_check"));
  }

  /** As the processor renders {@code @DropConstraint}. */
  static PlannedMigration dropConstraint(int id, String name) {
    return migration(
        id,
        List.of(),
        List.of("ALTER TABLE \"cd_orders\" DROP CONSTRAINT \"" + name + "\""),
        SchemaExpectation.tableExists("cd_orders"),
        SchemaExpectation.constraintExists("cd_orders", name));
  }

  /** As the processor renders {@code @RenameConstraint}. */
  static PlannedMigration renameConstraint(int id, String from, String to) {
    return migration(
        id,
        List.of(),
        List.of("ALTER TABLE \"cd_orders\" RENAME CONSTRAINT \"" + from + "\" TO \"" + to + "\""),
        SchemaExpectation.tableExists("cd_orders"),
        SchemaExpectation.constraintExists("cd_orders", from),
        SchemaExpectation.constraintAbsent("cd_orders", to));
  }

  /** As the processor renders {@code @AddForeignKey} on existing tables. */
  static PlannedMigration addForeignKey(int id) {
    return migration(
        id,
        List.of(
            "ALTER TABLE \"cd_orders\" ADD CONSTRAINT \"cd_orders_lane_fkey\" FOREIGN KEY"
                + " (\"region\", \"lane\") REFERENCES \"cd_lanes\" (\"region\", \"name\") NOT"
                + " VALID"),
        List.of("ALTER TABLE \"cd_orders\" VALIDATE CONSTRAINT \"cd_orders_lane_fkey\""),
        SchemaExpectation.tableExists("cd_orders"),
        SchemaExpectation.tableExists("cd_lanes"),
        SchemaExpectation.constraintAbsent("cd_orders", "cd_orders_lane_fkey"),
        SchemaExpectation.keyExists("cd_lanes", List.of("region", "name")));
  }

  /**
   * Every changing command refuses with exit 3 naming migration 1, and changes nothing; verify
   * lists the same problem.
   */
  void refusedBeforeAnyWrite(MigrationPlan plan, String... mentions) throws SQLException {
    String before = snapshot();
    for (List<String> command :
        List.of(List.of("migrate"), List.of("expand"), List.of("expand", "--no-backfill"))) {
      CliRun o = cli(plan, command.toArray(String[]::new));
      String all =
          command + ": exit " + o.code() + "\nstdout:\n" + o.out() + "\nstderr:\n" + o.err();
      assertEquals(StraddleCli.REFUSED, o.code(), all);
      assertTrue(o.err().startsWith("error kind=refused migration=1 phase=expand"), all);
      assertTrue(o.err().contains("StraddleDrift"), all);
      for (String mention : mentions) {
        assertTrue(o.err().contains(mention), "should mention '" + mention + "'\n" + all);
      }
      assertEquals(before, snapshot(), all);
    }
    CliRun verify = cli(plan, "verify");
    String all =
        "verify: exit " + verify.code() + "\nstdout:\n" + verify.out() + "\n" + verify.err();
    assertEquals(StraddleCli.REFUSED, verify.code(), all);
    assertTrue(verify.out().contains("migration 1 (pending)"), all);
    for (String mention : mentions) {
      assertTrue(verify.out().contains(mention), all);
    }
    assertEquals(before, snapshot());
  }

  @Test
  void aConstraintNameTakenOnTheTableIsRefusedBeforeExpand() throws Exception {
    // Before, the expand failed part-way (exit 1) on "constraint already exists".
    db.execute("ALTER TABLE cd_orders ADD CONSTRAINT cd_orders_qty_check CHECK (qty < 1000)");
    refusedBeforeAnyWrite(
        TestPlans.plan(addCheck(1)),
        "constraint cd_orders_qty_check on table cd_orders already exists (a check)");
  }

  @Test
  void aConstraintToDropThatDoesNotExistIsRefusedBeforeExpand() throws Exception {
    // Before, the expand and backfill ran and the contract failed, after the whole window.
    refusedBeforeAnyWrite(
        TestPlans.plan(dropConstraint(1, "cd_orders_qty_positive")),
        "constraint cd_orders_qty_positive on table cd_orders does not exist");
  }

  @Test
  void aRenameToATakenNameIsRefusedBeforeExpand() throws Exception {
    db.execute(
        "ALTER TABLE cd_orders ADD CONSTRAINT cd_orders_qty_check CHECK (qty < 1000),"
            + " ADD CONSTRAINT cd_orders_qty_limit CHECK (qty < 10)");
    refusedBeforeAnyWrite(
        TestPlans.plan(renameConstraint(1, "cd_orders_qty_check", "cd_orders_qty_limit")),
        "constraint cd_orders_qty_limit on table cd_orders already exists (a check)");
  }

  @Test
  void aForeignKeyToColumnsThatAreNoKeyIsRefusedBeforeExpand() throws Exception {
    // A partial unique index is no key for a foreign key, nor is a unique index on other columns.
    db.execute(
        "CREATE UNIQUE INDEX cd_lanes_partial ON cd_lanes (region, name) WHERE id > 0;"
            + " CREATE UNIQUE INDEX cd_lanes_name ON cd_lanes (name)");
    refusedBeforeAnyWrite(
        TestPlans.plan(addForeignKey(1)),
        "table cd_lanes has no primary key, unique constraint or unique index",
        "(region, name)");
  }

  @Test
  void whatTheMigrationsRelyOnHoldsSoTheyRun() throws Exception {
    db.execute(
        "ALTER TABLE cd_orders ADD CONSTRAINT cd_orders_old CHECK (qty < 1000);"
            + " CREATE UNIQUE INDEX cd_lanes_key ON cd_lanes (name, region)");
    MigrationPlan plan =
        TestPlans.plan(
            addCheck(1),
            addForeignKey(2),
            renameConstraint(3, "cd_orders_old", "cd_orders_qty_max"),
            dropConstraint(4, "cd_orders_qty_max"));
    CliRun verify = cli(plan, "verify");
    assertEquals(StraddleCli.OK, verify.code(), verify.out() + verify.err());
    CliRun migrate = cli(plan, "migrate", "--previous-release-gone");
    assertEquals(StraddleCli.OK, migrate.code(), migrate.out() + migrate.err());
    CliRun contract = cli(plan, "contract", "--previous-release-gone");
    assertEquals(StraddleCli.OK, contract.code(), contract.out() + contract.err());
    String constraints = snapshot();
    assertTrue(constraints.contains("cd_orders_qty_check CHECK ((qty >= 0))"), constraints);
    assertTrue(constraints.contains("cd_orders_lane_fkey FOREIGN KEY"), constraints);
    assertTrue(!constraints.contains("cd_orders_old"), constraints);
    assertTrue(!constraints.contains("cd_orders_qty_max"), constraints);
  }

  /**
   * A constraint that an expanded, not yet contracted migration renames at contract: the later
   * migration that drops it by its new name expands (the name exists only once the earlier one is
   * contracted, which contract does in id order).
   */
  @Test
  void aNameAnUncontractedMigrationGivesIsLeftToItsContract() throws Exception {
    db.execute("ALTER TABLE cd_orders ADD CONSTRAINT cd_orders_old CHECK (qty < 1000)");
    MigrationPlan first = TestPlans.plan(renameConstraint(1, "cd_orders_old", "cd_orders_new"));
    CliRun expandFirst = cli(first, "expand");
    assertEquals(StraddleCli.OK, expandFirst.code(), expandFirst.out() + expandFirst.err());
    MigrationPlan both =
        TestPlans.plan(
            renameConstraint(1, "cd_orders_old", "cd_orders_new"),
            dropConstraint(2, "cd_orders_new"));
    CliRun verify = cli(both, "verify");
    assertEquals(StraddleCli.OK, verify.code(), verify.out() + verify.err());
    CliRun expand = cli(both, "expand");
    assertEquals(StraddleCli.OK, expand.code(), expand.out() + expand.err());
    CliRun contract = cli(both, "contract", "--previous-release-gone");
    assertEquals(StraddleCli.OK, contract.code(), contract.out() + contract.err());
    String constraints = snapshot();
    assertTrue(!constraints.contains("cd_orders_old"), constraints);
    assertTrue(!constraints.contains("cd_orders_new"), constraints);
  }
}
