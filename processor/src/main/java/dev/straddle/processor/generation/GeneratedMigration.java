package dev.straddle.processor.generation;

import dev.straddle.plan.PlannedMigration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One migration ready to write: what the plan class lists, plus what the reviewable files need.
 *
 * @param folder {@code <id>_<slug>} under {@code META-INF/straddle/}
 * @param source the migration class's qualified name
 * @param columnsByTable per table with sync fragments, its columns while the migration is in flight
 * @param partitionedIndexes the names of its indexes built on a table declared partitioned
 * @param rollbackLeaves what a rollback leaves in place, and why, for {@code rollback.sql}
 */
public record GeneratedMigration(
    PlannedMigration planned,
    String folder,
    String source,
    Map<String, Set<String>> columnsByTable,
    Set<String> partitionedIndexes,
    List<String> rollbackLeaves) {

  public GeneratedMigration {
    rollbackLeaves = List.copyOf(rollbackLeaves);
  }

  /** A migration that builds no index on a partitioned table and whose rollback leaves nothing. */
  public GeneratedMigration(
      PlannedMigration planned,
      String folder,
      String source,
      Map<String, Set<String>> columnsByTable) {
    this(planned, folder, source, columnsByTable, Set.of(), List.of());
  }
}
