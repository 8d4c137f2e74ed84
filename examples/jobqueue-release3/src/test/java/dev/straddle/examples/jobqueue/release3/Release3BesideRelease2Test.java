package dev.straddle.examples.jobqueue.release3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.compat.CompatDatabase;
import dev.straddle.compat.SchemaState;
import dev.straddle.examples.jobqueue.release2.Release2;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Both releases on one job during release 3's rollout (migration 3 expanded, not contracted): each
 * sees the other's abort and failure, and release 2's jobs get a creator.
 */
@SchemaState(plan = StraddlePlan.class, head = 3, contractedUpTo = 2)
class Release3BesideRelease2Test {

  private final Release2 release2 = new Release2();
  private final Release3 release3 = new Release3();

  @Test
  void aJobRelease2FailsHasTheFlagForRelease3(CompatDatabase db) throws SQLException {
    try (Connection old = db.database().connectAsHead(2);
        Connection current = db.connect()) {
      long id = release2.enqueue(old, "mail", "{}");
      assertEquals("unknown", Release3Suite.column(current, "created_by", id));
      release2.fetch(old, "mail");
      assertTrue(release3.requestAbort(current, id));
      assertTrue(release2.abortRequested(old, id));
      release2.finish(old, id);
      assertEquals("failed", Release3Suite.column(current, "status", id));
      assertEquals("t", Release3Suite.column(current, "failed", id));
    }
  }

  @Test
  void aJobRelease3FailsReadsFailedForRelease2(CompatDatabase db) throws SQLException {
    try (Connection old = db.database().connectAsHead(2);
        Connection current = db.connect()) {
      long id = release3.enqueue(current, "mail", "{}");
      release3.fetch(current, "mail");
      assertTrue(release2.requestAbort(old, id));
      assertTrue(release3.abortRequested(current, id));
      release3.finish(current, id);
      assertEquals("failed", Release3Suite.column(old, "status", id));
      assertEquals("t", Release3Suite.column(current, "failed", id));
    }
  }
}
