package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code verify} compares an {@code @ExistingTable}'s declared {@code partitionBy} with the live
 * table: a declared partitioned table that is plain or partitioned otherwise, and a plain declared
 * table that is partitioned, are drift; so are the tables an applied migration created otherwise
 * than its {@code CREATE TABLE} said. Plans are built by hand as the processor renders them (a
 * table fact, then its partitioning fact; {@code @CreateTable}'s statement).
 */
@ExtendWith(PostgresExtension.class)
class PartitioningDriftTest {

  final TestDatabase db;

  PartitioningDriftTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void tables() throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE;"
            + " DROP TABLE IF EXISTS pd_by_month, pd_by_region, pd_by_lower_region, pd_plain;"
            + " CREATE TABLE pd_by_month (id bigint, region text, created_at timestamptz)"
            + " PARTITION BY RANGE (created_at);"
            + " CREATE TABLE pd_by_region (id bigint, region text, created_at timestamptz)"
            + " PARTITION BY LIST (region);"
            + " CREATE TABLE pd_by_lower_region (id bigint, region text)"
            + " PARTITION BY LIST (lower(region));"
            + " CREATE TABLE pd_plain (id bigint, region text, created_at timestamptz)");
  }

  List<String> drift(String table, String partitionBy) {
    return Straddle.configure(
            TestPlans.plan(
                List.of(
                    SchemaExpectation.tableExists(table),
                    SchemaExpectation.partitioning(table, partitionBy))))
        .dataSource(db.dataSource())
        .load()
        .verify()
        .stream()
        .map(p -> p.code() + " " + p.text())
        .toList();
  }

  @Test
  void aTablePartitionedAsDeclaredIsNoDrift() {
    assertEquals(List.of(), drift("pd_by_month", "RANGE (created_at)"));
    assertEquals(List.of(), drift("pd_by_month", "range(Created_At)"));
    assertEquals(List.of(), drift("pd_by_region", "LIST (region)"));
    assertEquals(List.of(), drift("pd_by_lower_region", "LIST ((lower(region)))"));
    assertEquals(List.of(), drift("pd_plain", ""));
  }

  @Test
  void aDeclaredPartitionedTableThatIsPlainIsDrift() {
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_plain is not partitioned, declared with partitionBy"
                + " RANGE (created_at)"),
        drift("pd_plain", "RANGE (created_at)"));
  }

  @Test
  void aTablePartitionedByAnotherMethodOrKeyIsDrift() {
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_by_region is partitioned by LIST (region), declared as"
                + " RANGE (created_at)"),
        drift("pd_by_region", "RANGE (created_at)"));
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_by_month is partitioned by RANGE (created_at), declared as"
                + " RANGE (id)"),
        drift("pd_by_month", "RANGE (id)"));
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_by_region is partitioned by LIST (region), declared as"
                + " LIST ((lower(region)))"),
        drift("pd_by_region", "LIST ((lower(region)))"));
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_by_month is partitioned by RANGE (created_at), declared as"
                + " RANGE (created_at, region)"),
        drift("pd_by_month", "RANGE (created_at, region)"));
  }

  @Test
  void aDeclaredPlainTableThatIsPartitionedIsDrift() {
    assertEquals(
        List.of(
            "DRIFT baseline: table pd_by_month is partitioned (PARTITION BY RANGE (created_at)),"
                + " declared as a plain table (no partitionBy)"),
        drift("pd_by_month", ""));
  }

  /**
   * As the processor renders {@code @CreateTable}: {@code pd_audits} partitioned, {@code pd_notes}
   * plain.
   */
  static PlannedMigration createTables() {
    return new PlannedMigration(
        1,
        "create tables",
        "sha-pd-1",
        List.of(
            SqlStatement.inTransaction(
                "CREATE TABLE \"pd_audits\" (\n  \"id\" bigint,\n  \"audited_at\" timestamptz,\n"
                    + "  PRIMARY KEY (\"id\", \"audited_at\")\n) PARTITION BY RANGE (audited_at)"),
            SqlStatement.inTransaction(
                "CREATE TABLE \"pd_notes\" (\n  \"id\" bigint,\n  PRIMARY KEY (\"id\")\n)")),
        List.of(),
        List.of(),
        List.of(
            SchemaExpectation.tableAbsent("pd_audits"), SchemaExpectation.tableAbsent("pd_notes")));
  }

  List<String> verify(MigrationPlan plan) {
    return Straddle.configure(plan).dataSource(db.dataSource()).load().verify().stream()
        .map(p -> p.code() + " " + p.text())
        .toList();
  }

  @Test
  void aTableAMigrationCreatedIsComparedWithItsCreateTable() throws SQLException {
    MigrationPlan plan = TestPlans.plan(createTables());
    Straddle.configure(plan).dataSource(db.dataSource()).load().migrate();
    assertEquals(List.of(), verify(plan));

    db.execute(
        "DROP TABLE pd_audits, pd_notes;"
            + " CREATE TABLE pd_audits (id bigint, audited_at timestamptz, PRIMARY KEY (id, audited_at));"
            + " CREATE TABLE pd_notes (id bigint PRIMARY KEY) PARTITION BY HASH (id)");
    assertEquals(
        List.of(
            "DRIFT migration 1: table pd_audits is not partitioned, declared with partitionBy"
                + " RANGE (audited_at)",
            "DRIFT migration 1: table pd_notes is partitioned (PARTITION BY HASH (id)), declared"
                + " as a plain table (no partitionBy)"),
        verify(plan));
  }
}
