package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.runtime.Phase;
import java.util.List;

/** One row of {@code straddle_history}. */
public record HistoryRow(
    int id,
    String description,
    String checksum,
    Phase phase,
    long expandXid,
    long backfillBefore,
    List<SyncFragment> fragments,
    String backfillCursor,
    long backfillRows) {

  /**
   * The backfill cutoff as a 32-bit xid, as compared with rows' {@code xmin}: rows whose xmin
   * precedes it were written before the sync trigger could see them.
   */
  public String backfillBefore32() {
    return Long.toString(backfillBefore & 0xFFFFFFFFL);
  }

  /** Whether its fragments are part of the sync triggers (expanded or backfilled). */
  public boolean inFlight() {
    return phase == Phase.EXPANDED || phase == Phase.BACKFILLED;
  }

  /** The row an expand of {@code migration} records (as far as it is known before the expand). */
  public static HistoryRow expanded(PlannedMigration migration) {
    return new HistoryRow(
        migration.id(),
        migration.description(),
        migration.checksum(),
        migration.needsBackfill() ? Phase.EXPANDED : Phase.BACKFILLED,
        0,
        0,
        migration.fragments(),
        null,
        0);
  }

  /** This row in {@code phase}. */
  public HistoryRow withPhase(Phase phase) {
    return new HistoryRow(
        id,
        description,
        checksum,
        phase,
        expandXid,
        backfillBefore,
        fragments,
        backfillCursor,
        backfillRows);
  }
}
