package dev.straddle.plan;

import java.util.List;

/**
 * One migration as the processor generated it.
 *
 * @param id the migration's id, independent of release numbers
 * @param description one line, recorded in the history
 * @param checksum SHA-256 (hex) of the migration's declaration, so an edited migration is refused
 *     once applied; it covers what the user wrote, not the generated SQL, so upgrading Straddle
 *     does not invalidate applied migrations
 * @param expand DDL run at expand, in order (the sync functions are composed by the runner, not
 *     listed here)
 * @param contract DDL run at contract, in order
 * @param fragments the sync-trigger assignments this migration contributes while it is in flight;
 *     its {@link SyncFragment.Direction#UP} fragments are also what backfill computes
 * @param expectations what the live catalog must look like before expand (drift check)
 * @param indexes indexes built concurrently in the backfill phase, after the rows are filled
 * @param rollback what undoes the expand and backfill while the migration is not contracted
 *     (docs/ARCHITECTURE.md, "Rollback"), in order: the statements outside a transaction first,
 *     then one transaction (the sync functions are composed again by the runner, not listed here)
 */
public record PlannedMigration(
    int id,
    String description,
    String checksum,
    List<SqlStatement> expand,
    List<SqlStatement> contract,
    List<SyncFragment> fragments,
    List<SchemaExpectation> expectations,
    List<IndexBuild> indexes,
    List<SqlStatement> rollback) {

  public PlannedMigration {
    expand = List.copyOf(expand);
    rollback = List.copyOf(rollback);
    for (SqlStatement s : rollback) {
      if (s.afterTransaction()) {
        throw new IllegalArgumentException(
            "migration " + id + ": only a contract has statements after its transaction");
      }
    }
    contract = List.copyOf(contract);
    fragments = List.copyOf(fragments);
    expectations = List.copyOf(expectations);
    indexes = List.copyOf(indexes);
  }

  /** A migration whose expand the plan does not say how to undo (tests of other phases). */
  public PlannedMigration(
      int id,
      String description,
      String checksum,
      List<SqlStatement> expand,
      List<SqlStatement> contract,
      List<SyncFragment> fragments,
      List<SchemaExpectation> expectations,
      List<IndexBuild> indexes) {
    this(id, description, checksum, expand, contract, fragments, expectations, indexes, List.of());
  }

  /** A migration that builds no index. */
  public PlannedMigration(
      int id,
      String description,
      String checksum,
      List<SqlStatement> expand,
      List<SqlStatement> contract,
      List<SyncFragment> fragments,
      List<SchemaExpectation> expectations) {
    this(id, description, checksum, expand, contract, fragments, expectations, List.of());
  }

  /** Whether the migration has a backfill phase: rows to fill or indexes to build. */
  public boolean needsBackfill() {
    return !backfillTables().isEmpty() || !indexes.isEmpty();
  }

  /** Whether pre-existing rows of {@code table} must be rewritten by a backfill. */
  public boolean backfills(String table) {
    return fragments.stream()
        .anyMatch(f -> f.direction() == SyncFragment.Direction.UP && f.table().equals(table));
  }

  /** The tables this migration backfills, in first-mention order. */
  public List<String> backfillTables() {
    return fragments.stream()
        .filter(f -> f.direction() == SyncFragment.Direction.UP)
        .map(SyncFragment::table)
        .distinct()
        .toList();
  }
}
