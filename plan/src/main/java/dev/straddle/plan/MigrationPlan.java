package dev.straddle.plan;

import java.util.List;

/**
 * What one build knows: its migrations in id order and its head. Implemented by the class the
 * Straddle processor generates for each compilation; the runner applies it.
 */
public interface MigrationPlan {

  /** The highest migration id compiled into this build (0 when there is none). */
  int head();

  /** Every migration of the build, in ascending id order. */
  List<PlannedMigration> migrations();

  /**
   * Tables declared with {@code @ExistingTable}: facts the live catalog must match before the
   * runner changes anything (drift check).
   */
  List<SchemaExpectation> baseline();

  /**
   * Every versioned procedure version the build declares, by migration id then declaration order
   * (empty for plans without {@code @Procedure}). The runner records each version it creates and
   * refuses an applied version whose checksum changed.
   */
  default List<ProcedureVersion> procedures() {
    return List.of();
  }
}
