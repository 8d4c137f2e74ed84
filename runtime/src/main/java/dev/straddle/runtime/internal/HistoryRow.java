package dev.straddle.runtime.internal;

import dev.straddle.runtime.Phase;
import dev.straddle.runtime.SyncFragment;
import java.util.List;

/** One row of {@code straddle_history}. */
public record HistoryRow(
    int id,
    String description,
    String checksum,
    Phase phase,
    long expandXid,
    List<SyncFragment> fragments,
    String backfillCursor,
    long backfillRows) {

  /** The expand transaction's 32-bit xid, as compared with rows' {@code xmin}. */
  public String expandXid32() {
    return Long.toString(expandXid & 0xFFFFFFFFL);
  }

  /** Whether its fragments are part of the sync triggers (expanded or backfilled). */
  public boolean inFlight() {
    return phase == Phase.EXPANDED || phase == Phase.BACKFILLED;
  }
}
